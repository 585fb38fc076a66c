package io.reqprof.servlet;

import io.reqprof.core.internal.LogOnce;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dump directory turns into a regular file while the app runs (a disk failure the writer cannot
 * get around): the failure is logged, and requests keep being answered promptly with 200.
 */
class DiskFailureTest {
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void writeFailuresAreLoggedAndRequestsUnaffected(Container container, @TempDir Path work) throws Exception {
        LogOnce.reset(); // the warning is logged once per JVM; earlier tests in this JVM must not have used it up
        try (LogCapture log = LogCapture.of("io.reqprof");
             WebApp app = WebApp.on(container, work).start()) {
            app.http().get("/api/users/0").then().statusCode(200);
            app.awaitDumps(1, "/api/users/0");

            try (Stream<Path> s = Files.walk(app.dumpDir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
            Files.writeString(app.dumpDir, "the disk went away");

            for (int i = 1; i <= 5; i++) {
                long start = System.nanoTime();
                app.http().get("/api/users/" + i).then().statusCode(200);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 1000, "request " + i + " took " + ms + " ms");
            }
            app.flush();
            assertTrue(log.records().stream().anyMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue()
                            && r.getLoggerName().startsWith("io.reqprof")),
                    "a warning about the failed write: " + log.messages());
            assertTrue(Files.isRegularFile(app.dumpDir), "nothing replaced the file");
        }
    }
}
