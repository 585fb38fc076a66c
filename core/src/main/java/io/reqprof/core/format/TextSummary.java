package io.reqprof.core.format;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestFacts;
import io.reqprof.core.request.RequestProfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A pstats-like text report of where samples of one type went: per function, "self" samples
 * (the function was the leaf) and "total" samples (the function was anywhere on the stack,
 * counted once per sample even when recursive), with percentages of all samples of the type.
 *
 * <pre>{@code
 * String report = TextSummary.builder()
 *         .sortBy(SortKey.TOTAL)
 *         .restrictions(Restriction.matching("com\\.example"), Restriction.limit(20))
 *         .build()
 *         .render(requestProfile);
 * }</pre>
 * Instances are immutable and thread-safe.
 */
public final class TextSummary {
    private final SortKey sortKey;
    private final List<Restriction> restrictions;

    private TextSummary(SortKey sortKey, List<Restriction> restrictions) {
        this.sortKey = sortKey;
        this.restrictions = restrictions;
    }

    /** A builder sorting by {@link SortKey#SELF} with no restrictions. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Report for one request, answering where its elapsed time went: a header such as
     * {@code GET /api/x  200  123 ms  (route /api/{x})}, the engine, a line splitting the elapsed time
     * into on-CPU and not on CPU (waiting: sleep, locks, I/O), any warnings, then a table of
     * wall-clock samples (all of the time, waiting included; {@code cumtime}'s reading) and one of
     * CPU samples (on-CPU time only; {@code tottime}'s), each when there are samples of its type.
     */
    public String render(RequestProfile rp) {
        Profile p = rp.profile();
        String engine = p.engine() == null ? "unknown" : p.engine().describe();
        StringBuilder out = new StringBuilder(requestLine(rp.facts()))
                .append("\nengine: ").append(Names.printable(engine, false)).append('\n');
        out.append(timeLine(rp)).append('\n');
        for (String w : rp.warnings()) out.append("warning: ").append(Names.printable(w, false)).append('\n');
        boolean wall = p.totalCount(SampleType.WALL) > 0;
        boolean cpu = p.totalCount(SampleType.CPU) > 0;
        if (wall) out.append("\nwall-clock: where the time went, waiting included\n").append(render(p, SampleType.WALL, null));
        if (cpu || !wall) out.append("\ncpu: on-CPU time only\n").append(render(p, SampleType.CPU, null));
        return out.toString();
    }

    /** {@code time: 170 ms elapsed = ~70 ms on CPU + ~100 ms not on CPU (waiting: sleep, locks, I/O)}. */
    private static String timeLine(RequestProfile rp) {
        if (rp.facts().elapsed() == null) return "time: elapsed unknown";
        long elapsed = rp.facts().elapsed().toNanos();
        long onCpu = Math.min(elapsed, rp.cpuEstimate().toNanos());
        return "time: " + Amounts.format(SampleType.WALL, elapsed) + " elapsed = ~" + Amounts.format(SampleType.CPU, onCpu)
                + " on CPU + ~" + Amounts.format(SampleType.WALL, elapsed - onCpu) + " not on CPU (waiting: sleep, locks, I/O)";
    }

    /** Report for samples of one type under the given header, which may span lines or be null. */
    public String render(Profile p, SampleType type, String header) {
        StringBuilder out = new StringBuilder();
        if (header != null && !header.isBlank()) out.append(Names.printable(header.strip(), true)).append('\n');
        long totalSamples = p.totalCount(type);
        out.append("Total: ").append(totalSamples).append(' ').append(type.name().toLowerCase(Locale.ROOT))
                .append(" samples, estimated ").append(Amounts.format(type, p.totalValue(type))).append("\n\n");

        List<FunctionStats.Row> rows = new ArrayList<>(FunctionStats.of(p, type));
        rows.sort(order(sortKey));
        for (Restriction r : restrictions) {
            List<FunctionStats.Row> reduced = r.apply(rows);
            if (reduced.size() != rows.size()) {
                out.append("List reduced from ").append(rows.size()).append(" to ").append(reduced.size())
                        .append(" due to restriction <").append(r).append(">\n");
            }
            rows = reduced;
        }
        table(out, rows, totalSamples);
        return out.toString();
    }

    private static void table(StringBuilder out, List<FunctionStats.Row> rows, long totalSamples) {
        int width = Math.max(5, Long.toString(totalSamples).length());
        String row = "%" + width + "s %7s  %" + width + "s %7s  %s\n";
        out.append(String.format(Locale.ROOT, row, "self", "self%", "total", "total%", "function"));
        for (FunctionStats.Row r : rows) {
            out.append(String.format(Locale.ROOT, row, r.self(), percent(r.self(), totalSamples), r.total(),
                    percent(r.total(), totalSamples), Names.printable(r.name(), false)));
        }
    }

    private static Comparator<FunctionStats.Row> order(SortKey key) {
        Comparator<FunctionStats.Row> byName = Comparator.comparing(FunctionStats.Row::name);
        Comparator<FunctionStats.Row> bySelf = Comparator.comparingLong(FunctionStats.Row::self).reversed();
        Comparator<FunctionStats.Row> byTotal = Comparator.comparingLong(FunctionStats.Row::total).reversed();
        return switch (key) {
            case SELF -> bySelf.thenComparing(byTotal).thenComparing(byName);
            case TOTAL -> byTotal.thenComparing(bySelf).thenComparing(byName);
            case NAME -> byName;
        };
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.2f%%", whole == 0 ? 0.0 : 100.0 * part / whole);
    }

    private static String requestLine(RequestFacts f) {
        StringBuilder sb = new StringBuilder()
                .append(f.method()).append(' ').append(f.path())
                .append("  ").append(f.status() == 0 ? "-" : Integer.toString(f.status()))
                .append("  ").append(f.elapsed() == null ? "?" : f.elapsed().toMillis()).append(" ms");
        if (f.route() != null) sb.append("  (route ").append(f.route()).append(')');
        // the path is whatever the client sent; keep it on one line
        return Names.printable(sb.toString(), false);
    }

    /** Configures a {@link TextSummary}. */
    public static final class Builder {
        private SortKey sortKey = SortKey.SELF;
        private List<Restriction> restrictions = List.of();

        private Builder() {
        }

        /** Row order before restrictions apply. */
        public Builder sortBy(SortKey key) {
            this.sortKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Row filters, applied in this order after sorting; replaces earlier ones. */
        public Builder restrictions(Restriction... restrictions) {
            this.restrictions = List.of(restrictions);
            return this;
        }

        /** The configured, immutable summary. */
        public TextSummary build() {
            return new TextSummary(sortKey, restrictions);
        }
    }
}
