package io.reqprof.collector.pprof;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.List;

/**
 * Any bytes given to the collector's pprof reader are either a profile or refused with
 * {@link InvalidProfileException}: no other exception, no error, no more work than the limits
 * allow. A profile that parses also merges and writes back out. Small limits, so that the fuzzer
 * reaches them.
 */
class PprofReaderFuzzTest {
    private static final ParseLimits LIMITS = new ParseLimits(200, 200, 2_000);

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) throws Exception {
        PprofProfile p;
        try {
            p = PprofReader.parse(data, LIMITS);
        } catch (InvalidProfileException refused) {
            return;
        }
        if (p.samples().size() > LIMITS.maxSamples()) throw new AssertionError("over the sample limit: " + p.samples().size());
        long frames = 0;
        for (PprofProfile.Sample s : p.samples()) frames += s.leafFirst().length;
        if (frames > LIMITS.maxFrames()) throw new AssertionError("over the frame limit: " + frames);
        StackTree tree = new StackTree(null, new java.util.concurrent.atomic.AtomicInteger(500));
        tree.add(p);
        byte[] merged = PprofWriter.writeGzip(tree, p.timeNanos(), p.durationNanos());
        List<ValueType> again = PprofReader.parse(Gzip.gunzip(merged, 1 << 24)).columns();
        if (!again.equals(tree.columns())) throw new AssertionError("columns changed on the way out: " + again);
    }
}
