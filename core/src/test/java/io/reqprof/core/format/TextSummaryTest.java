package io.reqprof.core.format;

import io.reqprof.core.profile.EngineInfo;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestFacts;
import io.reqprof.core.request.RequestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextSummaryTest {

    @Test
    void rendersHeaderTotalsAndSelfTotalPercentagesSortedBySelf() {
        String text = TextSummary.builder().build().render(Fixtures.profile(), SampleType.CPU, "my header");
        assertEquals("""
                my header
                Total: 51 cpu samples, estimated 510.0 ms

                 self   self%  total  total%  function
                   35  68.63%     35  68.63%  com.example.Burn.burnCpu
                   10  19.61%     45  88.24%  com.example.Api.handle
                    4   7.84%      4   7.84%  com.example.Fib.fib
                    1   1.96%      1   1.96%  evil;name?x
                    0   0.00%     50  98.04%  java.lang.Thread.run
                """, text);
    }

    @Test
    void recursionCountsOncePerSampleInTotal() {
        List<String> rows = functions(TextSummary.builder().restrictions(Restriction.matching("Fib")).build()
                .render(Fixtures.profile(), SampleType.CPU, null));
        assertEquals(List.of("4   7.84%      4   7.84%  com.example.Fib.fib"), rows);
    }

    @Test
    void sortsByTotalAndByName() {
        assertEquals(List.of("java.lang.Thread.run", "com.example.Api.handle", "com.example.Burn.burnCpu",
                "com.example.Fib.fib", "evil;name?x"), names(SortKey.TOTAL));
        assertEquals(List.of("com.example.Api.handle", "com.example.Burn.burnCpu", "com.example.Fib.fib",
                "evil;name?x", "java.lang.Thread.run"), names(SortKey.NAME));
    }

    @Test
    void limitKeepsTheFirstRowsAndSaysSo() {
        String text = TextSummary.builder().restrictions(Restriction.limit(2)).build()
                .render(Fixtures.profile(), SampleType.CPU, null);
        assertEquals(List.of("com.example.Burn.burnCpu", "com.example.Api.handle"), lastColumn(functions(text)));
        assertTrue(text.contains("List reduced from 5 to 2 due to restriction <limit(2)>\n"), text);
    }

    @Test
    void fractionRoundsToTheNearestRowLikePstats() {
        // 5 rows * 0.5 = 2.5, rounded half up to 3
        assertEquals(3, functions(render(Restriction.fraction(0.5))).size());
        assertEquals(1, functions(render(Restriction.fraction(0.2))).size());
        assertEquals(5, functions(render(Restriction.fraction(1.0))).size());
        assertFalse(render(Restriction.fraction(1.0)).contains("List reduced"), "nothing reduced, nothing said");
        assertEquals(0, functions(render(Restriction.fraction(0.05))).size());
    }

    @Test
    void matchingSearchesAnywhereInTheName() {
        assertEquals(List.of("com.example.Burn.burnCpu", "com.example.Api.handle", "com.example.Fib.fib"),
                lastColumn(functions(render(Restriction.matching("com\\.example")))));
        assertEquals(List.of("com.example.Burn.burnCpu"), lastColumn(functions(render(Restriction.matching("burn")))));
        assertEquals(List.of(), functions(render(Restriction.matching("^burn"))));
    }

    @Test
    void restrictionsApplyInOrder() {
        String matchThenLimit = render(Restriction.matching("example"), Restriction.limit(1));
        assertEquals(List.of("com.example.Burn.burnCpu"), lastColumn(functions(matchThenLimit)));
        assertTrue(matchThenLimit.contains("List reduced from 5 to 3 due to restriction <matching(\"example\")>\n"
                + "List reduced from 3 to 1 due to restriction <limit(1)>\n"), matchThenLimit);

        assertEquals(List.of(), functions(render(Restriction.limit(1), Restriction.matching("Fib"))));
        assertEquals(List.of("com.example.Fib.fib"),
                lastColumn(functions(render(Restriction.matching("Fib"), Restriction.limit(1)))));
        // fraction of what the regex left: 3 rows * 0.34 = 1.02 -> 1
        assertEquals(List.of("com.example.Burn.burnCpu"),
                lastColumn(functions(render(Restriction.matching("example"), Restriction.fraction(0.34)))));
    }

    @Test
    void invalidRestrictionsNameTheRestrictionAndTheRule() {
        assertEquals("limit(-1): the row limit must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> Restriction.limit(-1)).getMessage());
        assertEquals("fraction(0.0): the fraction must be > 0 and <= 1",
                assertThrows(IllegalArgumentException.class, () -> Restriction.fraction(0)).getMessage());
        assertEquals("fraction(1.5): the fraction must be > 0 and <= 1",
                assertThrows(IllegalArgumentException.class, () -> Restriction.fraction(1.5)).getMessage());
        assertEquals("fraction(NaN): the fraction must be > 0 and <= 1",
                assertThrows(IllegalArgumentException.class, () -> Restriction.fraction(Double.NaN)).getMessage());
        String regex = assertThrows(IllegalArgumentException.class, () -> Restriction.matching("([a")).getMessage();
        assertTrue(regex.startsWith("matching(\"([a\"): not a valid regular expression: "), regex);
        assertEquals(0, functions(render(Restriction.limit(0))).size(), "limit(0) is valid and keeps nothing");
    }

    @Test
    void requestReportLeadsWithWhereTheElapsedTimeWentThenCpu() {
        EngineInfo engine = new EngineInfo("async-profiler", "4.6", "perf_events", Duration.ofMillis(10),
                Duration.ofMillis(50), 0, null);
        RequestFacts facts = new RequestFacts("r1", "GET", "/api/x", "/api/{x}", 200, Instant.EPOCH, Duration.ofMillis(900));
        String text = TextSummary.builder().restrictions(Restriction.limit(1)).build()
                .render(new RequestProfile(facts, Fixtures.profile().toBuilder().engine(engine).build()));
        assertEquals("""
                GET /api/x  200  900 ms  (route /api/{x})
                engine: async-profiler 4.6 cpu=perf_events/10ms wall=50ms
                time: 900.0 ms elapsed = ~510.0 ms on CPU + ~390.0 ms not on CPU (waiting: sleep, locks, I/O)

                wall-clock: where the time went, waiting included
                Total: 7 wall samples, estimated 350.0 ms

                List reduced from 3 to 1 due to restriction <limit(1)>
                 self   self%  total  total%  function
                    7 100.00%      7 100.00%  __nanosleep

                cpu: on-CPU time only
                Total: 51 cpu samples, estimated 510.0 ms

                List reduced from 5 to 1 due to restriction <limit(1)>
                 self   self%  total  total%  function
                   35  68.63%     35  68.63%  com.example.Burn.burnCpu
                """, text);
    }

    @Test
    void requestReportFallsBackToWallAndKeepsHostileFactsOnOneLine() {
        RequestFacts facts = new RequestFacts("r2", "POST", "/a\nFAKE LINE\u001b[2J", null, 0, Instant.EPOCH, Duration.ofMillis(5));
        String text = TextSummary.builder().build().render(new RequestProfile(facts, Fixtures.wallOnly()));
        assertTrue(text.startsWith("""
                POST /a?FAKE LINE?[2J  -  5 ms
                engine: unknown
                time: 5.0 ms elapsed = ~0 ns on CPU + ~5.0 ms not on CPU (waiting: sleep, locks, I/O)

                wall-clock: where the time went, waiting included
                Total: 7 wall samples, estimated 350.0 ms
                """), text);
        assertFalse(text.contains("cpu: on-CPU"), "no CPU table without CPU samples: " + text);
        assertTrue(text.contains("__nanosleep"), text);
    }

    @Test
    void bidiOverridesAndUnicodeLineSeparatorsInAPathAreNotShownRaw() {
        // U+202E reverses what follows on a terminal or in a log viewer; U+2028/U+2029/U+0085 break lines in some
        String path = "/a\u202Egpj.exe\u2028FAKE\u2029LINE\u0085x\u2066y\u200Bz\uDB40\uDC01/\u00e9\uD83D\uDE00";
        RequestFacts facts = new RequestFacts("r3", "GET", path, null, 0, Instant.EPOCH, Duration.ofMillis(5));
        String text = TextSummary.builder().build().render(new RequestProfile(facts, Fixtures.wallOnly()));
        assertTrue(text.startsWith("GET /a?gpj.exe?FAKE?LINE?x?y?z?/\u00e9\uD83D\uDE00  -  5 ms\n"), text);
    }

    @Test
    void allocationTotalsAreBytesAndAnEmptyTypeRendersZeroes() {
        var p = new ProfileBuilder().add(SampleType.ALLOC, Fixtures.stack(Fixtures.HANDLE), 3, 3 * 512 * 1024).build();
        assertTrue(TextSummary.builder().build().render(p, SampleType.ALLOC, null)
                .startsWith("Total: 3 alloc samples, estimated 1.5 MiB allocated\n"));
        String empty = TextSummary.builder().build().render(p, SampleType.LOCK, "h");
        assertEquals("h\nTotal: 0 lock samples, estimated 0 ns\n\n self   self%  total  total%  function\n", empty);
    }

    private static String render(Restriction... restrictions) {
        return TextSummary.builder().restrictions(restrictions).build().render(Fixtures.profile(), SampleType.CPU, null);
    }

    private static List<String> names(SortKey key) {
        return lastColumn(functions(TextSummary.builder().sortBy(key).build().render(Fixtures.profile(), SampleType.CPU, null)));
    }

    /** Table rows below the column header, trimmed. */
    private static List<String> functions(String text) {
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : text.split("\n")) {
            if (inTable) rows.add(line.trim());
            if (line.trim().startsWith("self ")) inTable = true;
        }
        return rows;
    }

    private static List<String> lastColumn(List<String> rows) {
        List<String> names = new ArrayList<>();
        for (String r : rows) names.add(r.substring(r.lastIndexOf("  ") + 2));
        return names;
    }
}
