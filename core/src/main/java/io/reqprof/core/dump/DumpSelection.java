package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which requests get dumped; immutable. Rules decidable when a request begins (method, path
 * patterns, 1-in-N) keep unselected requests from being tracked at all; rules that need the outcome
 * (elapsed time, status) and the per-minute cap apply when the profile is ready. All rules must
 * pass; a request forced by the trigger header skips them all. Counters live in a {@link DumpGate}.
 */
public final class DumpSelection {
    private final Duration minElapsed;
    private final List<PathPattern> include;
    private final List<PathPattern> exclude;
    private final Set<String> methods;
    private final StatusSet statuses;
    private final int sampleOneIn;
    private final int maxPerMinute;

    private DumpSelection(Builder b) {
        this.minElapsed = b.minElapsed;
        this.include = b.include.stream().map(g -> PathPattern.compile("reqprof.include-paths", g)).toList();
        this.exclude = b.exclude.stream().map(g -> PathPattern.compile("reqprof.exclude-paths", g)).toList();
        this.methods = Set.copyOf(b.methods);
        this.statuses = StatusSet.parse(b.statuses);
        this.sampleOneIn = b.sampleOneIn;
        this.maxPerMinute = b.maxPerMinute;
    }

    /** Selects every request. */
    public static DumpSelection all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether the method and path rules let a request through (no counters involved). */
    public boolean matches(String method, String path) {
        if (!methods.isEmpty() && !methods.contains(method == null ? "" : method.toUpperCase(Locale.ROOT))) return false;
        String p = path == null ? "" : path;
        if (!include.isEmpty() && include.stream().noneMatch(x -> x.matches(p))) return false;
        return exclude.stream().noneMatch(x -> x.matches(p));
    }

    /** Whether the outcome rules (elapsed, status) let a finished request through. */
    public boolean matchesOutcome(RequestFacts facts) {
        if (facts.elapsed().compareTo(minElapsed) < 0) return false;
        return statuses.isEmpty() || statuses.contains(facts.status());
    }

    /** A fresh set of counters for 1-in-N and the per-minute cap. */
    public DumpGate newGate() {
        return new DumpGate(this);
    }

    public Duration minElapsed() {
        return minElapsed;
    }

    /** 1 means every request. */
    public int sampleOneIn() {
        return sampleOneIn;
    }

    /** 0 means no cap. */
    public int maxPerMinute() {
        return maxPerMinute;
    }

    @Override
    public String toString() {
        return "DumpSelection{minElapsed=" + minElapsed + ", include=" + include + ", exclude=" + exclude + ", methods=" + methods
                + ", status=" + statuses + ", sampleOneIn=" + sampleOneIn + ", maxPerMinute=" + maxPerMinute + '}';
    }

    /** Builder for {@link DumpSelection}; {@link #build()} validates and names the bad setting. */
    public static final class Builder {
        private Duration minElapsed = Duration.ZERO;
        private List<String> include = List.of();
        private List<String> exclude = List.of();
        private Set<String> methods = Set.of();
        private List<String> statuses = List.of();
        private int sampleOneIn = 1;
        private int maxPerMinute;

        private Builder() {
        }

        /** Only requests that took at least this long ({@code reqprof.min-elapsed}). */
        public Builder minElapsed(Duration minElapsed) {
            this.minElapsed = minElapsed;
            return this;
        }

        /** Only paths matching one of these globs ({@code reqprof.include-paths}); empty means all. */
        public Builder includePaths(List<String> globs) {
            this.include = List.copyOf(globs);
            return this;
        }

        /** Never paths matching one of these globs ({@code reqprof.exclude-paths}); wins over include. */
        public Builder excludePaths(List<String> globs) {
            this.exclude = List.copyOf(globs);
            return this;
        }

        /** Only these HTTP methods ({@code reqprof.methods}); empty means all. */
        public Builder methods(List<String> methods) {
            Set<String> m = new TreeSet<>();
            for (String x : methods) m.add(x.trim().toUpperCase(Locale.ROOT));
            this.methods = m;
            return this;
        }

        /** Only these statuses, e.g. {@code 5xx}, {@code 404} ({@code reqprof.status}); empty means all. */
        public Builder statuses(List<String> statuses) {
            this.statuses = new ArrayList<>(statuses);
            return this;
        }

        /** Dump one request in {@code n} of those the method and path rules admit ({@code reqprof.sample-one-in}). */
        public Builder sampleOneIn(int n) {
            this.sampleOneIn = n;
            return this;
        }

        /** At most this many dumps per minute, 0 for no cap ({@code reqprof.max-dumps-per-minute}). */
        public Builder maxPerMinute(int n) {
            this.maxPerMinute = n;
            return this;
        }

        public DumpSelection build() {
            if (minElapsed == null || minElapsed.isNegative()) {
                throw new IllegalArgumentException("reqprof.min-elapsed: must be 0 or more, was " + minElapsed);
            }
            if (sampleOneIn < 1) {
                throw new IllegalArgumentException("reqprof.sample-one-in: must be 1 (every request) or more, was " + sampleOneIn);
            }
            if (maxPerMinute < 0) {
                throw new IllegalArgumentException("reqprof.max-dumps-per-minute: must be 0 (no cap) or more, was " + maxPerMinute);
            }
            return new DumpSelection(this);
        }
    }
}
