package io.reqprof.core.dump;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the per-request text summary goes, werkzeug's {@code stream}: nowhere, standard output or
 * error, the {@code io.reqprof.dump} logger at INFO, or any consumer of the text.
 */
public final class SummaryStream {
    private static final System.Logger LOG = System.getLogger("io.reqprof.dump");
    private static final SummaryStream NONE = new SummaryStream("none", null);

    private final String name;
    private final Consumer<String> sink;

    private SummaryStream(String name, Consumer<String> sink) {
        this.name = name;
        this.sink = sink;
    }

    /** No summaries. */
    public static SummaryStream none() {
        return NONE;
    }

    /** Summaries printed to {@code System.out}, looked up at each write so redirection works. */
    public static SummaryStream stdout() {
        return new SummaryStream("stdout", text -> print(System.out, text));
    }

    /** Summaries printed to {@code System.err}. */
    public static SummaryStream stderr() {
        return new SummaryStream("stderr", text -> print(System.err, text));
    }

    /** Summaries logged at INFO on the {@code io.reqprof.dump} logger. */
    public static SummaryStream log() {
        return new SummaryStream("log", text -> LOG.log(Level.INFO, text));
    }

    /** Summaries handed to {@code sink} (on reqprof's writer thread). */
    public static SummaryStream to(Consumer<String> sink) {
        return new SummaryStream("custom", Objects.requireNonNull(sink, "sink"));
    }

    /**
     * {@code none}, {@code stdout}, {@code stderr} or {@code log}, any case.
     *
     * @throws IllegalArgumentException naming {@code reqprof.stream}
     */
    public static SummaryStream parse(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> none();
            case "stdout" -> stdout();
            case "stderr" -> stderr();
            case "log" -> log();
            default -> throw new IllegalArgumentException("reqprof.stream: must be none, stdout, stderr or log, was '" + name + "'");
        };
    }

    /** Whether summaries are produced at all (they cost a render per dumped request). */
    public boolean enabled() {
        return sink != null;
    }

    void write(String text) {
        if (sink != null) sink.accept(text);
    }

    private static void print(PrintStream out, String text) {
        // one call so that concurrent output from the app does not interleave inside a summary
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }

    @Override
    public String toString() {
        return name;
    }
}
