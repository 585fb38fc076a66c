package io.reqprof.servlet;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.servlet.WebApp.Dump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One dump per request: werkzeug-style names, real pprof, the endpoint's own code, the text summary. */
class DumpFilesTest {
    static final String CONTAINERS = "io.reqprof.servlet.Container#selected";

    @ParameterizedTest
    @MethodSource(CONTAINERS)
    void eachRequestIsDumpedUnderItsNameWithItsOwnCode(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.server-timing", "true").start()) {
            long before = System.currentTimeMillis() / 1000;
            String timing = app.http().get("/api/process").then().statusCode(200).extract().header("Server-Timing");
            app.http().get("/api/users/42").then().statusCode(200);
            app.http().get("/").then().statusCode(200);

            Dump process = app.awaitDumps(1, "/api/process").get(0);
            Dump users = app.awaitDumps(1, "/api/users/42").get(0);
            Dump root = app.awaitDumps(1, "/").get(0);
            long after = System.currentTimeMillis() / 1000;

            // {method}.{path}.{elapsed}ms.{time}.{id}.{ext}, path the werkzeug way
            assertName(process, "GET\\.api\\.process\\.(\\d+)ms\\.(\\d+)\\." + process.id() + "\\.pb\\.gz", before, after);
            assertName(users, "GET\\.api\\.users\\.42\\.(\\d+)ms\\.(\\d+)\\." + users.id() + "\\.pb\\.gz", before, after);
            assertName(root, "GET\\.root\\.(\\d+)ms\\.(\\d+)\\." + root.id() + "\\.pb\\.gz", before, after);
            assertTrue(process.elapsedMs() >= 160, "elapsed covers 60 ms CPU + 100 ms sleep: " + process);

            // route: the servlet mapping
            assertEquals("/api/process", process.route());
            assertEquals("/api/users/*", users.route());
            assertEquals("/", root.route());
            assertEquals(200, process.status());

            assertEquals("reqprof;desc=\"" + process.id() + "\"", timing, "Server-Timing names the profile");

            Profile p = Profiles.read(process.file(app.dumpDir, ".pb.gz"));
            long cpu = p.totalCount(SampleType.CPU);
            long own = Profiles.countIn(p, SampleType.CPU, "Work.cpuLoop");
            // the share in Work.cpuLoop is a figure (the fidelity benchmark reports it), not an invariant
            assertTrue(own > 0, "/api/process CPU samples in Work.cpuLoop: " + own + " of " + cpu);
            assertTrue(Profiles.countIn(p, SampleType.WALL, "TestServlets.sleep") > 0, "the 100 ms sleep shows in wall samples");
            for (String other : List.of("Work.alphaLoop", "Work.betaLoop", "Work.asyncLoop")) {
                assertEquals(0, Profiles.countIn(p, SampleType.CPU, other), other);
            }
        }
    }

    /** The rows of one table of a text summary: the lines after its {@code self ...} header, up to a blank line. */
    private static List<String> rows(List<String> section) {
        int header = section.indexOf(section.stream().filter(l -> l.trim().startsWith("self")).findFirst().orElseThrow());
        List<String> rows = new java.util.ArrayList<>();
        for (String l : section.subList(header + 1, section.size())) {
            if (l.isBlank()) break;
            rows.add(l);
        }
        return rows;
    }

    @ParameterizedTest
    @MethodSource(CONTAINERS)
    void serverTimingIsOffByDefault(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).start()) {
            assertNull(app.http().get("/api/users/1").then().statusCode(200).extract().header("Server-Timing"));
            app.awaitDumps(1, "/api/users/1");
        }
    }

    @ParameterizedTest
    @MethodSource(CONTAINERS)
    void textSummaryForProcessNamesTheCpuLoop(Container container, @TempDir Path work) throws Exception {
        try (LogCapture log = LogCapture.of("io.reqprof.dump");
             WebApp app = WebApp.on(container, work)
                     .filterParam("reqprof.profile-dir", null)
                     .filterParam("reqprof.stream", "log")
                     .filterParam("reqprof.restrictions", "5")
                     .start()) {
            app.http().get("/api/process").then().statusCode(200);
            String summary = awaitMessage(log, "GET /api/process");
            List<String> lines = summary.lines().toList();
            assertTrue(lines.get(0).startsWith("GET /api/process  200  "), summary);
            // where the time went first: 60 ms on CPU and a 100 ms sleep, then the CPU table
            assertTrue(lines.get(2).matches("time: .* elapsed = ~.* on CPU \\+ ~.* not on CPU .*"), summary);
            int wall = lines.indexOf("wall-clock: where the time went, waiting included");
            int cpu = lines.indexOf("cpu: on-CPU time only");
            assertTrue(wall > 0 && cpu > wall, "the wall-clock table comes first:\n" + summary);
            List<String> wallRows = rows(lines.subList(wall, cpu));
            List<String> cpuRows = rows(lines.subList(cpu, lines.size()));
            assertTrue(wallRows.size() <= 5 && cpuRows.size() <= 5, "restrictions=5 keeps five rows each:\n" + summary);
            assertTrue(!wallRows.isEmpty(), "the wall-clock table has rows:\n" + summary);
            assertTrue(cpuRows.stream().anyMatch(l -> l.contains("Work.cpuLoop")), "top CPU rows name the CPU loop:\n" + summary);
            assertTrue(Files.notExists(work.resolve("dumps")), "no profile-dir, no files");
        }
    }

    private static String awaitMessage(LogCapture log, String start) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WebApp.DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            for (String m : log.messages()) if (m.startsWith(start)) return m;
            Thread.sleep(50);
        }
        throw new AssertionError("no summary starting '" + start + "' logged; got " + log.messages());
    }

    private static void assertName(Dump d, String regex, long before, long after) {
        assertEquals(1, d.files().size(), "formats=pprof: one file");
        var m = Pattern.compile(regex).matcher(d.files().get(0));
        assertTrue(m.matches(), d.files().get(0) + " !~ " + regex);
        assertEquals((long) d.elapsedMs(), Long.parseLong(m.group(1)), "{elapsed} is whole ms");
        long time = Long.parseLong(m.group(2));
        assertTrue(time >= before && time <= after, "{time} " + time + " within the test's seconds");
    }
}
