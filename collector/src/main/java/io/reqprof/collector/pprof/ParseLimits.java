package io.reqprof.collector.pprof;

/**
 * Caps on what one parsed profile may hold. The unpacked-size cap alone does not bound a parse:
 * an empty string costs 2 bytes of pprof and about 40 of heap, a sample that repeats a location of
 * many inlined frames costs 2 bytes and expands to all of them. These counts do, so the heap a
 * parse needs is bounded whatever the bytes say.
 *
 * @param maxSamples samples in the profile
 * @param maxSymbols entries in each of the string, function and location tables
 * @param maxFrames  frames of all samples together, inlined frames expanded (the sum of stack depths)
 */
public record ParseLimits(int maxSamples, int maxSymbols, int maxFrames) {
    /** Sample types (columns) a profile may have; agents send one to four. */
    public static final int MAX_COLUMNS = 64;

    /**
     * The defaults: 50,000 samples, 50,000 symbols, 1,000,000 frames. The largest profiles the
     * sample apps produce (bench/run-profile-sizes.sh, figures in docs/COLLECTOR.md "Limits") are
     * 13 to 35 times smaller in each count.
     */
    public static final ParseLimits DEFAULT = new ParseLimits(50_000, 50_000, 1_000_000);

    /** Every cap must be positive. */
    public ParseLimits {
        if (maxSamples <= 0 || maxSymbols <= 0 || maxFrames <= 0) throw new IllegalArgumentException("parse caps must be > 0");
    }
}
