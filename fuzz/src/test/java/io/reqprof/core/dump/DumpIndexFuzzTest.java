package io.reqprof.core.dump;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Any line of {@code index.jsonl} (a hostile or half-written one included) is read as an entry or
 * skipped: the dump browsers of the collector and the Quarkus Dev UI never fail on it.
 */
class DumpIndexFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] line) {
        DumpIndex.Entry e = DumpIndex.parse(new String(line, StandardCharsets.UTF_8));
        if (e != null && e.files() == null) throw new AssertionError("an entry without its file list");
    }
}
