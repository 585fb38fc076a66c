package io.reqprof.core.dump;

import io.reqprof.core.config.Settings;
import io.reqprof.core.format.Restriction;
import io.reqprof.core.format.SortKey;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of per-request dumps; werkzeug's {@code ProfilerMiddleware} parameters and the
 * additions listed in docs/CONFIGURATION.md. Invalid values fail in {@link Builder#build()} with an
 * {@link IllegalArgumentException} naming the setting; an unwritable directory fails when the
 * {@link DumpWriter} starts.
 */
public final class DumpConfig {
    /** Default cap on dump files kept in the directory. */
    public static final int DEFAULT_MAX_FILES = 1000;
    /** Default cap on bytes of dump files kept in the directory. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    private final Path profileDir;
    private final FilenameFormat filenameFormat;
    private final Set<DumpFormat> formats;
    private final SummaryStream stream;
    private final SortKey sortBy;
    private final List<Restriction> restrictions;
    private final int maxFiles;
    private final long maxBytes;
    private final DumpSelection selection;

    private DumpConfig(Builder b) {
        this.profileDir = b.profileDir == null ? null : b.profileDir.toAbsolutePath().normalize();
        this.filenameFormat = b.filenameFormat;
        this.formats = b.formats.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(b.formats));
        this.stream = b.stream != null ? b.stream : (profileDir == null ? SummaryStream.log() : SummaryStream.none());
        this.sortBy = b.sortBy;
        this.restrictions = List.copyOf(b.restrictions);
        this.maxFiles = b.maxFiles;
        this.maxBytes = b.maxBytes;
        this.selection = b.selection;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Dump settings read from {@code s}: {@code reqprof.profile-dir}, {@code filename-format},
     * {@code formats}, {@code stream}, {@code sort-by}, {@code restrictions},
     * {@code retention.max-files}, {@code retention.max-bytes} and the selection keys
     * {@code min-elapsed}, {@code include-paths}, {@code exclude-paths}, {@code methods},
     * {@code status}, {@code sample-one-in}, {@code max-dumps-per-minute}.
     */
    public static DumpConfig from(Settings s) {
        Builder b = builder();
        b.profileDir(s.path("reqprof.profile-dir", null));
        s.get("reqprof.filename-format").ifPresent(t -> b.filenameFormat(FilenameTemplate.parse(t)));
        List<String> formats = s.list("reqprof.formats", List.of());
        if (!formats.isEmpty()) b.formats(formats.stream().map(DumpFormat::parse).toList());
        s.get("reqprof.stream").ifPresent(v -> b.stream(SummaryStream.parse(v)));
        b.sortBy(s.parse("reqprof.sort-by", SortKey.SELF, "must be self, total or name", v -> SortKey.valueOf(v.toUpperCase(Locale.ROOT))));
        List<Restriction> restrictions = new ArrayList<>();
        for (String r : s.list("reqprof.restrictions", List.of())) restrictions.add(restriction(r));
        b.restrictions(restrictions);
        b.maxFiles(toInt("reqprof.retention.max-files", s.number("reqprof.retention.max-files", DEFAULT_MAX_FILES)));
        b.maxBytes(s.bytes("reqprof.retention.max-bytes", DEFAULT_MAX_BYTES));
        b.selection(DumpSelection.builder()
                .minElapsed(s.duration("reqprof.min-elapsed", java.time.Duration.ZERO))
                .includePaths(s.list("reqprof.include-paths", List.of()))
                .excludePaths(s.list("reqprof.exclude-paths", List.of()))
                .methods(s.list("reqprof.methods", List.of()))
                .statuses(s.list("reqprof.status", List.of()))
                .sampleOneIn(toInt("reqprof.sample-one-in", s.number("reqprof.sample-one-in", 1)))
                .maxPerMinute(toInt("reqprof.max-dumps-per-minute", s.number("reqprof.max-dumps-per-minute", 0)))
                .build());
        return b.build();
    }

    /** pstats-style: a whole number limits rows, a decimal keeps a fraction, anything else is a regex. */
    static Restriction restriction(String item) {
        try {
            if (item.matches("\\d+")) return Restriction.limit(Integer.parseInt(item));
            if (item.matches("\\d*\\.\\d+")) return Restriction.fraction(Double.parseDouble(item));
            return Restriction.matching(item);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("reqprof.restrictions: " + e.getMessage(), e);
        }
    }

    private static int toInt(String setting, long v) {
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(setting + ": must be at most " + Integer.MAX_VALUE + ", was " + v);
        }
        return (int) v;
    }

    /** Directory for dump files; null means no files (summaries only). */
    public Path profileDir() {
        return profileDir;
    }

    public FilenameFormat filenameFormat() {
        return filenameFormat;
    }

    /** The formats, in declaration order of {@link DumpFormat} (the order of files in the index). */
    public Set<DumpFormat> formats() {
        return formats;
    }

    public SummaryStream stream() {
        return stream;
    }

    public SortKey sortBy() {
        return sortBy;
    }

    public List<Restriction> restrictions() {
        return restrictions;
    }

    public int maxFiles() {
        return maxFiles;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public DumpSelection selection() {
        return selection;
    }

    /** Whether any output is configured; with neither a directory nor a stream nothing is profiled. */
    public boolean producesOutput() {
        return profileDir != null || stream.enabled();
    }

    @Override
    public String toString() {
        return "DumpConfig{profileDir=" + profileDir + ", filenameFormat=" + filenameFormat + ", formats=" + formats
                + ", stream=" + stream + ", sortBy=" + sortBy + ", restrictions=" + restrictions + ", maxFiles=" + maxFiles
                + ", maxBytes=" + maxBytes + ", " + selection + '}';
    }

    /** Builder for {@link DumpConfig}. */
    public static final class Builder {
        private Path profileDir;
        private FilenameFormat filenameFormat = FilenameTemplate.parse(FilenameTemplate.DEFAULT);
        private Set<DumpFormat> formats = EnumSet.of(DumpFormat.PPROF);
        private SummaryStream stream;
        private SortKey sortBy = SortKey.SELF;
        private List<Restriction> restrictions = List.of();
        private int maxFiles = DEFAULT_MAX_FILES;
        private long maxBytes = DEFAULT_MAX_BYTES;
        private DumpSelection selection = DumpSelection.all();

        private Builder() {
        }

        /** Where dump files go ({@code reqprof.profile-dir}); created at start when missing; null for none. */
        public Builder profileDir(Path dir) {
            this.profileDir = dir;
            return this;
        }

        /** A template ({@link FilenameTemplate}) or a callback naming each file. */
        public Builder filenameFormat(FilenameFormat format) {
            this.filenameFormat = Objects.requireNonNull(format, "reqprof.filename-format");
            return this;
        }

        /** The template form, e.g. {@code "{method}.{path}.{elapsed}ms.{time}.{id}.{ext}"}. */
        public Builder filenameFormat(String template) {
            return filenameFormat(FilenameTemplate.parse(template));
        }

        /** One file per format per request ({@code reqprof.formats}); default pprof. */
        public Builder formats(List<DumpFormat> formats) {
            this.formats = formats.isEmpty() ? Set.of() : EnumSet.copyOf(new LinkedHashSet<>(formats));
            return this;
        }

        /** Where text summaries go; default: the log when there is no directory, else none. */
        public Builder stream(SummaryStream stream) {
            this.stream = stream;
            return this;
        }

        /** Summary row order ({@code reqprof.sort-by}). */
        public Builder sortBy(SortKey key) {
            this.sortBy = Objects.requireNonNull(key, "reqprof.sort-by");
            return this;
        }

        /** Summary row filters, applied in order ({@code reqprof.restrictions}). */
        public Builder restrictions(List<Restriction> restrictions) {
            this.restrictions = List.copyOf(restrictions);
            return this;
        }

        /** Most dump files kept ({@code reqprof.retention.max-files}), counting each format of a dump; whole dumps are removed, oldest first. */
        public Builder maxFiles(int n) {
            this.maxFiles = n;
            return this;
        }

        /** Most bytes of dump files kept ({@code reqprof.retention.max-bytes}); oldest removed first. */
        public Builder maxBytes(long bytes) {
            this.maxBytes = bytes;
            return this;
        }

        /** Which requests are dumped. */
        public Builder selection(DumpSelection selection) {
            this.selection = Objects.requireNonNull(selection, "selection");
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting and its rule */
        public DumpConfig build() {
            if (profileDir != null && formats.isEmpty()) {
                throw new IllegalArgumentException("reqprof.formats: must name at least one of pprof, collapsed, html when reqprof.profile-dir is set");
            }
            if (maxFiles < 1) throw new IllegalArgumentException("reqprof.retention.max-files: must be 1 or more, was " + maxFiles);
            if (maxBytes < 1) throw new IllegalArgumentException("reqprof.retention.max-bytes: must be 1 or more, was " + maxBytes);
            return new DumpConfig(this);
        }
    }
}
