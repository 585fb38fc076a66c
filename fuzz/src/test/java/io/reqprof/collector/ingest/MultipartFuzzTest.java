package io.reqprof.collector.ingest;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.reqprof.collector.pprof.InvalidProfileException;

import java.util.Map;

/**
 * Any Content-Type and body given to the Pyroscope multipart reader give parts or
 * {@link InvalidProfileException}; the parts together never hold more bytes than the body.
 */
class MultipartFuzzTest {
    // libFuzzer dictionary syntax: \xNN for CR and LF, \" for a quote
    @DictionaryEntries({"boundary=", "boundary=\\\"b\\\"", "--b", "\\x0d\\x0a--b", "--b--", "\\x0d\\x0a\\x0d\\x0a",
            "Content-Disposition: form-data; name=\\\"jfr\\\"", "name=\\\"profile\\\""})
    @FuzzTest(maxDuration = "60s") // last: Jazzer requires it
    void parse(FuzzedDataProvider in) {
        String contentType = "multipart/form-data; " + in.consumeString(200);
        byte[] body = in.consumeRemainingAsBytes();
        Map<String, byte[]> parts;
        try {
            parts = Multipart.parse(contentType, body);
        } catch (InvalidProfileException refused) {
            return;
        }
        long bytes = 0;
        for (byte[] part : parts.values()) bytes += part.length;
        if (bytes > body.length) throw new AssertionError(bytes + " bytes of parts from a body of " + body.length);
    }
}
