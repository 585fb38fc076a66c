package io.reqprof.collector.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileStoreTest {
    private static final byte[] BYTES = new byte[] {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5, 6, 7, 8};

    private static NewProfile profile(String target, String version, String zone, String type, long start, Map<String, String> labels) {
        return new NewProfile("proj-123", target, Map.of("version", version, "zone", zone), type, labels, start,
                10_000_000_000L, "grpc", BYTES);
    }

    @Test
    void queriesByEveryFieldAndSurvivesRestart(@TempDir Path dir) throws Exception {
        long t = 1_700_000_000_000L;
        List<StoredProfile> put = new ArrayList<>();
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            put.add(s.put(profile("web", "1", "z1", "CPU", t, Map.of("instance", "i1"))));
            put.add(s.put(profile("web", "2", "z1", "WALL", t + 60_000, Map.of("instance", "i2"))));
            put.add(s.put(profile("web", "2", "z2", "CPU", t + 120_000, Map.of("instance", "i1"))));
            put.add(s.put(profile("api", "1", "z1", "CPU", t + 180_000, Map.of())));
            assertEquals(4, s.size());
        }
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            assertEquals(4, s.size(), "restart keeps every profile");
            assertEquals(3, q(s, "web", null, null, null, Map.of(), 0, 0).size());
            assertEquals(2, q(s, "web", "CPU", null, null, Map.of(), 0, 0).size());
            assertEquals(2, q(s, "web", null, "2", null, Map.of(), 0, 0).size());
            assertEquals(1, q(s, "web", null, "2", "z2", Map.of(), 0, 0).size());
            assertEquals(2, q(s, "web", null, null, null, Map.of("instance", "i1"), 0, 0).size());
            assertEquals(List.of(put.get(1).id()), ids(q(s, "web", null, null, null, Map.of(), t + 1, t + 120_000)));
            // newest first
            assertEquals(List.of(put.get(3).id(), put.get(2).id(), put.get(1).id(), put.get(0).id()), ids(s.query(ProfileQuery.all())));
            assertArrayEquals(BYTES, s.read(put.get(2).id()).orElseThrow());
            assertEquals(List.of("api", "web"), s.distinct(ProfileQuery.all(), StoredProfile::target));
            assertEquals(put.get(0), s.get(put.get(0).id()).orElseThrow());
        }
    }

    @Test
    void retentionByAgeAndSize(@TempDir Path dir) throws Exception {
        long now = System.currentTimeMillis();
        try (ProfileStore s = ProfileStore.open(dir, Duration.ofHours(1), BYTES.length * 3L)) {
            StoredProfile old = s.put(profile("web", "1", "z", "CPU", now - 7_200_000, Map.of()));
            assertEquals(1, s.enforceRetention(now), "older than an hour");
            assertTrue(s.read(old.id()).isEmpty());
            List<StoredProfile> kept = new ArrayList<>();
            for (int i = 0; i < 5; i++) kept.add(s.put(profile("web", "1", "z", "CPU", now - 1000 + i, Map.of())));
            assertEquals(3, s.size(), "size cap keeps the newest three");
            List<String> newestFirst = ids(kept.subList(2, 5));
            java.util.Collections.reverse(newestFirst);
            assertEquals(newestFirst, ids(s.query(ProfileQuery.all())));
            assertEquals(3, Files.list(dir.resolve("profiles")).count(), "removed files are gone from disk");
        }
        try (ProfileStore s = ProfileStore.open(dir, Duration.ofHours(1), BYTES.length * 3L)) {
            assertEquals(3, s.size(), "deletions are in the index, so they stay deleted after a restart");
        }
    }

    @Test
    void recoversFromTornIndexLineAndOrphanFiles(@TempDir Path dir) throws Exception {
        StoredProfile kept;
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            kept = s.put(profile("web", "1", "z", "CPU", 1, Map.of()));
        }
        // a crash mid-append leaves half a line; a crash before the index line leaves a file nobody acknowledged
        Files.writeString(dir.resolve("index.jsonl"), "{\"op\":\"add\",\"id\":\"ffff", StandardOpenOption.APPEND);
        Files.write(dir.resolve("profiles").resolve("0000000000000000000000.pb.gz"), BYTES);
        Files.write(dir.resolve("profiles").resolve(".tmp-1234.pb.gz"), BYTES);
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            assertEquals(List.of(kept.id()), ids(s.query(ProfileQuery.all())));
            try (Stream<Path> files = Files.list(dir.resolve("profiles"))) {
                assertEquals(Set.of(kept.id() + ".pb.gz"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
            }
            s.put(profile("web", "1", "z", "CPU", 2, Map.of()));
        }
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            assertEquals(2, s.size(), "appends after the cut line are intact");
        }
    }

    @Test
    void sigkillDuringUploadsLosesNoAcknowledgedProfile(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreCrashChild.class.getName(), dir.toString(), Base64.getEncoder().encodeToString(BYTES))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acked = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.currentTimeMillis() + 60_000;
            for (String line; acked.size() < 200 && System.currentTimeMillis() < deadline && (line = out.readLine()) != null; ) {
                if (line.startsWith("ACK ")) acked.add(line.substring(4));
            }
            // the child holds the directory: a second store on it fails, naming the directory and the child
            IOException held = assertThrows(IOException.class, () -> ProfileStore.open(dir, Duration.ZERO, 0));
            assertTrue(held.getMessage().contains(dir.toAbsolutePath().toString())
                    && held.getMessage().contains("pid " + child.pid()), held.getMessage());
            // SIGKILL, in the middle of the next upload; through the handle, which leaves our end of the pipe open
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            // ids acknowledged just before the kill may still sit in the pipe
            for (String line; (line = out.readLine()) != null; ) if (line.startsWith("ACK ")) acked.add(line.substring(4));
        }
        assertTrue(acked.size() >= 50, "the child should have stored profiles before it was killed: " + acked.size());
        try (ProfileStore s = ProfileStore.open(dir, Duration.ZERO, 0)) {
            Set<String> stored = s.query(ProfileQuery.all()).stream().map(StoredProfile::id).collect(Collectors.toSet());
            assertTrue(stored.containsAll(acked), "lost acknowledged profiles: " + acked.stream().filter(a -> !stored.contains(a)).toList());
            assertTrue(stored.size() <= acked.size() + 1, "at most the one upload in flight may be extra");
            for (String id : stored) assertArrayEquals(BYTES, s.read(id).orElseThrow(), "whole file for " + id);
            try (Stream<Path> files = Files.list(dir.resolve("profiles"))) {
                assertEquals(stored.size(), files.count(), "no orphan or temporary files after recovery");
            }
        }
    }

    @Test
    void oneStorePerDirectory(@TempDir Path dir) throws Exception {
        try (ProfileStore first = ProfileStore.open(dir, Duration.ZERO, 0)) {
            first.put(profile("a", "v1", "z", "CPU", 1_000, Map.of()));
            IOException e = assertThrows(IOException.class, () -> ProfileStore.open(dir, Duration.ZERO, 0));
            assertTrue(e.getMessage().contains("in use by another collector")
                    && e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            first.put(profile("a", "v1", "z", "CPU", 2_000, Map.of()));
        }
        try (ProfileStore again = ProfileStore.open(dir, Duration.ZERO, 0)) {
            assertEquals(2, again.size(), "closing releases the lock, and the refused open changed nothing");
        }
    }

    private static List<StoredProfile> q(ProfileStore s, String target, String type, String version, String zone,
                                         Map<String, String> labels, long from, long until) {
        return s.query(new ProfileQuery(target, type, version, zone, labels, from, until, 0));
    }

    private static List<String> ids(List<StoredProfile> ps) {
        return ps.stream().map(StoredProfile::id).collect(Collectors.toList());
    }
}
