package io.reqprof.servlet;

import io.reqprof.servlet.WebApp.Dump;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dump directory stays within max-files and max-bytes; the oldest dumps go first. */
class RetentionTest {
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void maxFilesKeepsTheNewest(Container container, @TempDir Path work) throws Exception {
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.retention.max-files", "3").start()) {
            for (int i = 1; i <= 6; i++) {
                app.http().get("/api/users/" + i).then().statusCode(200);
                app.flush(); // one dump at a time, so "oldest" is well defined
            }
            assertEquals(List.of("GET.api.users.4.", "GET.api.users.5.", "GET.api.users.6."),
                    dumpFiles(app.dumpDir).stream().map(n -> n.substring(0, n.indexOf('.', 14) + 1)).sorted().toList());
        }
    }

    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void maxBytesKeepsTheNewest(Container container, @TempDir Path work) throws Exception {
        long maxBytes = 6 * 1024;
        try (WebApp app = WebApp.on(container, work).filterParam("reqprof.retention.max-bytes", Long.toString(maxBytes)).start()) {
            List<String> written = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                app.http().get("/api/process").then().statusCode(200);
                app.flush(); // one dump at a time, so "oldest" is well defined
                written.add(app.index().stream().map(Dump::id).filter(id -> !written.contains(id)).findFirst().orElseThrow());
            }
            List<String> kept = dumpFiles(app.dumpDir);
            long bytes = kept.stream().mapToLong(n -> size(app.dumpDir.resolve(n))).sum();
            assertTrue(bytes <= maxBytes, "kept " + bytes + " bytes in " + kept);
            assertTrue(kept.size() < 8 && !kept.isEmpty(), "some, not all, removed: " + kept);
            // the survivors are the newest: the last dumps written, with no gap
            List<String> newest = written.subList(written.size() - kept.size(), written.size());
            for (String id : newest) {
                assertTrue(kept.stream().anyMatch(n -> n.endsWith("." + id + ".pb.gz")), "dump " + id + " kept: " + kept);
            }
        }
    }

    /** The dump files in {@code dir}: everything but the index. */
    private static List<String> dumpFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("index.jsonl")).sorted().toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
