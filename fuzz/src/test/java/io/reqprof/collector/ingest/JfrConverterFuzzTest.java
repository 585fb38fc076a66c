package io.reqprof.collector.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.ParseLimits;

/**
 * Any bytes given to the JFR ingest (read with the JDK's own recording parser) become profiles or
 * {@link InvalidProfileException}: no other exception and no error escapes to the HTTP handler.
 */
class JfrConverterFuzzTest {
    private static final ParseLimits LIMITS = new ParseLimits(200, 200, 2_000);

    @FuzzTest(maxDuration = "60s")
    void convert(byte[] data) {
        try {
            JfrConverter.convert(data, 10_000_000L, 0, 10_000_000_000L, LIMITS);
        } catch (InvalidProfileException refused) {
            // refused with a reason: what must happen to anything that is not a recording
        }
    }
}
