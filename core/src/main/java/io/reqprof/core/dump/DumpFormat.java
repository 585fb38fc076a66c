package io.reqprof.core.dump;

import java.util.Locale;

/** A file format a request profile can be dumped in; one file per format per request. */
public enum DumpFormat {
    /** Gzip pprof ({@code go tool pprof}, Pyroscope, speedscope, IntelliJ). */
    PPROF("pb.gz"),
    /** Collapsed stacks of CPU samples (or wall when there are none), for flamegraph.pl and speedscope. */
    COLLAPSED("collapsed"),
    /** A self-contained HTML flame graph that opens offline. */
    HTML("html");

    private final String extension;

    DumpFormat(String extension) {
        this.extension = extension;
    }

    /** The file extension without a leading dot. */
    public String extension() {
        return extension;
    }

    /**
     * {@code pprof}, {@code collapsed} or {@code html}, any case.
     *
     * @throws IllegalArgumentException naming {@code reqprof.formats}
     */
    public static DumpFormat parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (DumpFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(n)) return f;
        }
        throw new IllegalArgumentException("reqprof.formats: unknown format '" + name + "'; known: pprof, collapsed, html");
    }
}
