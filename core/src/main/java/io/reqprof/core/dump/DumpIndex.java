package io.reqprof.core.dump;

import io.reqprof.core.internal.json.JsonParser;
import io.reqprof.core.internal.json.JsonWriter;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestFacts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code index.jsonl} in the profile directory: one JSON object per dump, appended as each dump is
 * written, so tools (the collector's dump browser, the Quarkus Dev UI, {@code jq}) can list dumps
 * without opening them. The index is also how retention knows, after a restart, which files are
 * dumps it may delete. {@link #read(Path)} and {@link #file(Path, String)} are the one way to read it.
 */
public final class DumpIndex {
    /** The index's file name in the profile directory. */
    public static final String FILE_NAME = "index.jsonl";

    private final Path file;
    private FileChannel appender;

    DumpIndex(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    /**
     * One line of the index.
     *
     * @param time      request start, epoch seconds
     * @param elapsedMs request elapsed time in milliseconds
     * @param files     the dump's file names, each directly in the profile directory
     */
    public record Entry(String id, double time, String method, String path, String route, int status,
                        double elapsedMs, List<String> files, boolean triggered) {
    }

    /** The entries of {@code dir}'s index in write order; unreadable lines (one being appended) are skipped. */
    public static List<Entry> read(Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (Map<String, Object> o : readObjects(dir)) entries.add(entry(o));
        return entries;
    }

    /**
     * The index lines of {@code dir} as JSON objects, every field kept, in write order; unreadable
     * lines are skipped. The one reader of {@code index.jsonl}: {@link #read} and the collector's
     * dump browser use it.
     */
    public static List<Map<String, Object>> readObjects(Path dir) throws IOException {
        Path index = dir.resolve(FILE_NAME);
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.isRegularFile(index)) return out;
        // a reader with a Charset replaces malformed bytes (a torn or hostile line) instead of failing the whole read
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(index),
                StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Map<String, Object> o = object(line);
                if (o != null) out.add(o);
            }
        }
        return out;
    }

    /**
     * The names among {@code files} that are plain names of files present in {@code dir}. An index
     * line outlives its files when retention or a user removed them; listings show a dump only while
     * this is non-empty, and only these files.
     */
    public static List<String> present(Path dir, List<?> files) {
        List<String> out = new ArrayList<>(files.size());
        for (Object f : files) if (f instanceof String name && file(dir, name).isPresent()) out.add(name);
        return out;
    }

    /** {@code dir/name} when {@code name} is a plain, visible file name and that file exists; hostile names give empty. */
    public static Optional<Path> file(Path dir, String name) {
        Path p = inside(dir, name);
        return p != null && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    /** {@code dir/name} when that is a plain, visible name directly in {@code dir}, else null. */
    static Path inside(Path dir, String name) {
        if (name == null || name.isEmpty() || name.startsWith(".") || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) return null;
        Path base = dir.normalize();
        Path p = base.resolve(name).normalize();
        return base.equals(p.getParent()) ? p : null;
    }

    static Entry parse(String line) {
        Map<String, Object> o = object(line);
        return o == null ? null : entry(o);
    }

    /** One line as a JSON object, or null when it is blank or not one (a line being appended). */
    private static Map<String, Object> object(String line) {
        if (line == null || line.isBlank()) return null;
        try {
            return JsonParser.parseObject(line);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Entry entry(Map<String, Object> o) {
        List<String> files = new ArrayList<>();
        if (o.get("files") instanceof List<?> list) for (Object f : list) files.add(String.valueOf(f));
        return new Entry(text(o.get("id")), number(o.get("time")), text(o.get("method")), text(o.get("path")),
                o.get("route") instanceof String r ? r : null, (int) number(o.get("status")), number(o.get("elapsed_ms")),
                List.copyOf(files), Boolean.TRUE.equals(o.get("triggered")));
    }

    private static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }

    static String line(RequestFacts f, Profile p, List<String> files, boolean triggered, List<String> warnings) {
        StringBuilder out = new StringBuilder(256).append('{');
        out.append("\"id\":");
        JsonWriter.string(out, f.id());
        long startMillis = f.start().toEpochMilli();
        out.append(",\"time\":");
        thousandths(out, startMillis);
        out.append(",\"method\":");
        JsonWriter.string(out, f.method());
        out.append(",\"path\":");
        JsonWriter.string(out, f.path());
        out.append(",\"route\":");
        JsonWriter.string(out, f.route());
        out.append(",\"status\":").append(f.status());
        out.append(",\"elapsed_ms\":");
        thousandths(out, Math.round(f.elapsed().toNanos() / 1e3));
        out.append(",\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) out.append(',');
            JsonWriter.string(out, files.get(i));
        }
        out.append("],\"samples\":{");
        boolean first = true;
        for (SampleType t : SampleType.values()) {
            long n = p.totalCount(t);
            if (n == 0 && t != SampleType.CPU && t != SampleType.WALL) continue;
            if (!first) out.append(',');
            first = false;
            out.append('"').append(t.name().toLowerCase(Locale.ROOT)).append("\":").append(n);
        }
        out.append('}');
        if (triggered) out.append(",\"triggered\":true");
        out.append(",\"engine\":");
        JsonWriter.string(out, p.engine() == null ? null : p.engine().describe());
        if (!warnings.isEmpty()) {
            out.append(",\"warnings\":[");
            for (int i = 0; i < warnings.size(); i++) {
                if (i > 0) out.append(',');
                JsonWriter.string(out, warnings.get(i));
            }
            out.append(']');
        }
        return out.append("}\n").toString();
    }

    /** Appends one line through a channel kept open between dumps (one open per dump was measurable). */
    /** {@code units / 1000} with exactly three decimals ({@code String.format} costs more than the rest of a line). */
    private static void thousandths(StringBuilder out, long units) {
        long frac = Math.floorMod(units, 1000);
        out.append(Math.floorDiv(units, 1000)).append('.');
        if (frac < 100) out.append('0');
        if (frac < 10) out.append('0');
        out.append(frac);
    }

    void append(String line) throws IOException {
        if (appender == null) {
            appender = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
        ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        try {
            while (buf.hasRemaining()) appender.write(buf);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Closes the channel appends go through; the next append opens the index file afresh (after a rewrite or removal). */
    void close() {
        FileChannel ch = appender;
        appender = null;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // nothing was pending: writes are unbuffered
            }
        }
    }

    /** Rewrites the index keeping only the lines of {@code keepIds}, atomically. */
    void compact(Set<String> keepIds) throws IOException {
        if (!Files.isRegularFile(file)) return;
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Entry e = parse(line);
            if (e != null && keepIds.contains(e.id())) kept.append(line).append('\n');
        }
        Path tmp = file.resolveSibling(".reqprof-index.tmp");
        Files.writeString(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        close();
    }
}
