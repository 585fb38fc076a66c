package io.reqprof.core.dump;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpSelectionTest {

    @Test
    void methodAndPathRules() {
        DumpSelection s = DumpSelection.builder().methods(List.of("get", "POST"))
                .includePaths(List.of("/api/**", "/")).excludePaths(List.of("/api/health", "/api/*/secret")).build();
        assertTrue(s.matches("GET", "/api/users/7"));
        assertTrue(s.matches("POST", "/"));
        assertFalse(s.matches("DELETE", "/api/users/7"), "method not listed");
        assertFalse(s.matches("GET", "/static/app.js"), "not included");
        assertFalse(s.matches("GET", "/api/health"), "excluded wins");
        assertFalse(s.matches("GET", "/api/x/secret"), "* matches one segment");
        assertTrue(s.matches("GET", "/api/x/y/secret"), "* does not cross segments");
    }

    @Test
    void outcomeRules() {
        DumpSelection s = DumpSelection.builder().minElapsed(Duration.ofMillis(100)).statuses(List.of("5xx", "404")).build();
        assertTrue(s.matchesOutcome(Dumps.facts("1", "GET", "/", 503, 150)));
        assertTrue(s.matchesOutcome(Dumps.facts("1", "GET", "/", 404, 100)));
        assertFalse(s.matchesOutcome(Dumps.facts("1", "GET", "/", 200, 150)), "status not listed");
        assertFalse(s.matchesOutcome(Dumps.facts("1", "GET", "/", 500, 99)), "too fast");
    }

    @Test
    void oneInNAdmitsEveryNthRequest() {
        DumpGate gate = DumpSelection.builder().sampleOneIn(4).build().newGate();
        int admitted = 0;
        for (int i = 0; i < 40; i++) if (gate.admit("GET", "/x")) admitted++;
        assertEquals(10, admitted);
    }

    @Test
    void capPerMinuteResetsEachMinuteAndTriggeredRequestsBypassIt() {
        DumpGate gate = DumpSelection.builder().maxPerMinute(2).build().newGate();
        var f = Dumps.facts("1", "GET", "/", 200, 5);
        long t = 60_000L * 1000;
        assertTrue(gate.accept(f, false, t));
        assertTrue(gate.accept(f, false, t + 10));
        assertFalse(gate.accept(f, false, t + 20), "third in the same minute");
        assertTrue(gate.accept(f, true, t + 30), "a triggered request is always dumped");
        assertTrue(gate.accept(f, false, t + 60_000), "a new minute");
    }

    @Test
    void badSelectionSettingsNameTheSetting() {
        assertEquals("reqprof.min-elapsed: must be 0 or more, was PT-1S",
                assertThrows(IllegalArgumentException.class, () -> DumpSelection.builder().minElapsed(Duration.ofSeconds(-1)).build()).getMessage());
        assertEquals("reqprof.sample-one-in: must be 1 (every request) or more, was 0",
                assertThrows(IllegalArgumentException.class, () -> DumpSelection.builder().sampleOneIn(0).build()).getMessage());
        assertEquals("reqprof.status: each item must be a class such as 5xx or a code such as 404 (0 means no status, the client went away), was 'bad'",
                assertThrows(IllegalArgumentException.class, () -> DumpSelection.builder().statuses(List.of("bad")).build()).getMessage());
        assertEquals("reqprof.include-paths: each pattern must start with '/', was 'api/**'",
                assertThrows(IllegalArgumentException.class, () -> DumpSelection.builder().includePaths(List.of("api/**")).build()).getMessage());
    }
}
