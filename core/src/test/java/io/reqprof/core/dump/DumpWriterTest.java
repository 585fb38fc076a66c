package io.reqprof.core.dump;

import io.reqprof.core.format.Restriction;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpWriterTest {

    private static DumpConfig.Builder config(Path dir) {
        return DumpConfig.builder().profileDir(dir);
    }

    @Test
    void writesEachFormatAndAnIndexLine(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("dumps");
        try (DumpWriter w = DumpWriter.start(config(dir).formats(List.of(DumpFormat.PPROF, DumpFormat.COLLAPSED, DumpFormat.HTML)).build())) {
            assertTrue(w.submit(Dumps.profile(Dumps.facts("a1", "GET", "/api/process", 200, 123), 7), false));
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(1, w.written());
        }
        String base = "GET.api.process.123ms.1700000000.a1.";
        assertEquals(List.of(base + "collapsed", base + "html", base + "pb.gz", "index.jsonl"),
                Dumps.files(dir).stream().map(p -> p.getFileName().toString()).toList());
        Profile p = PprofDecoder.decode(Files.readAllBytes(dir.resolve(base + "pb.gz")));
        assertEquals(7, p.totalCount(SampleType.CPU));
        assertTrue(Files.readString(dir.resolve(base + "collapsed")).contains("com.example.Work.burn 7"));
        assertTrue(Files.readString(dir.resolve(base + "html")).contains("GET /api/process 200 123 ms"));
        List<String> index = Files.readAllLines(dir.resolve("index.jsonl"));
        assertEquals(1, index.size());
        String line = index.get(0);
        assertTrue(line.startsWith("{\"id\":\"a1\",\"time\":1700000000.000,\"method\":\"GET\",\"path\":\"/api/process\",\"route\":null,\"status\":200,\"elapsed_ms\":123.000,"), line);
        assertTrue(line.contains("\"files\":[\"" + base + "pb.gz\",\"" + base + "collapsed\",\"" + base + "html\"]"), line);
        assertTrue(line.contains("\"samples\":{\"cpu\":7,\"wall\":1}"), line);
    }

    @Test
    void aProfileThatMissesSamplesSaysWhyInItsIndexLineAndSummary(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("dumps");
        List<String> summaries = new CopyOnWriteArrayList<>();
        RequestProfile empty = Dumps.profile(Dumps.facts("w1", "GET", "/vt", 200, 50), 0);
        String why = "this request ran where the engine cannot see; set reqprof.engine=jfr";
        try (DumpWriter w = DumpWriter.start(config(dir).stream(SummaryStream.to(summaries::add)).build())) {
            assertTrue(w.submit(new RequestProfile(empty.facts(), empty.profile(), List.of(why)), false));
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        String line = Files.readAllLines(dir.resolve("index.jsonl")).get(0);
        assertTrue(line.contains("\"warnings\":[\"" + why + "\"]"), line);
        assertEquals(1, summaries.size());
        assertTrue(summaries.get(0).contains("warning: " + why), summaries.get(0));
        assertTrue(DumpIndex.readObjects(dir).get(0).get("warnings") instanceof List<?> l && l.equals(List.of(why)));
    }

    @Test
    void aConstantNameNeverOverwritesAnEarlierDump(@TempDir Path tmp) throws Exception {
        try (DumpWriter w = DumpWriter.start(config(tmp).filenameFormat((f, ext) -> "same." + ext).build())) {
            for (int i = 1; i <= 3; i++) w.submit(Dumps.profile(Dumps.facts("id" + i, "GET", "/", 200, 1), i), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        assertEquals(List.of("index.jsonl", "same.pb.gz", "same~2.pb.gz", "same~3.pb.gz"),
                Dumps.files(tmp).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(2, PprofDecoder.decode(Files.readAllBytes(tmp.resolve("same~2.pb.gz"))).totalCount(SampleType.CPU));
    }

    @Test
    void noHostilePathOrCallbackWritesOutsideTheDirectory(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b/dumps");
        List<String> paths = List.of("/../../../x", "/%2e%2e/%2e%2e/x", "/..\\..\\x", "/nul\u0000byte", "/" + "long".repeat(2000),
                "/\u00fc\u00f1\u00ee\u00e7\u00f8d\u00e9/\ud83d\ude00", "//", "", "/.");
        try (DumpWriter w = DumpWriter.start(config(dir).formats(List.of(DumpFormat.PPROF, DumpFormat.HTML)).build());
             DumpWriter evil = DumpWriter.start(config(dir).filenameFormat((f, ext) -> "../../" + f.path() + "." + ext).build())) {
            int i = 0;
            for (String p : paths) {
                w.submit(Dumps.profile(Dumps.facts("h" + i++, "GET", p, 200, 1), 1), false);
                evil.submit(Dumps.profile(Dumps.facts("e" + i++, "G/../ET", p, 200, 1), 1), false);
            }
            assertTrue(w.awaitIdle(Duration.ofSeconds(10)));
            assertTrue(evil.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(0, w.failed() + evil.failed());
            assertEquals(2 * paths.size(), w.written() + evil.written());
        }
        List<Path> all = Dumps.everything(tmp);
        assertEquals(3 * paths.size() + 1, all.size(), "two files per dump from one writer, one from the other, one index: " + all);
        for (Path p : all) {
            assertEquals(dir, p.getParent(), "written directly in the profile directory: " + p);
            assertFalse(p.getFileName().toString().startsWith("."), "not hidden: " + p);
            assertTrue(p.getFileName().toString().length() <= 255);
        }
    }

    @Test
    void retentionKeepsTheNewestFiles(@TempDir Path tmp) throws Exception {
        try (DumpWriter w = DumpWriter.start(config(tmp).maxFiles(3).build())) {
            for (int i = 1; i <= 5; i++) w.submit(Dumps.profile(Dumps.facts("r" + i, "GET", "/x", 200, 1), i), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        assertEquals(List.of("GET.x.1ms.1700000000.r3.pb.gz", "GET.x.1ms.1700000000.r4.pb.gz", "GET.x.1ms.1700000000.r5.pb.gz", "index.jsonl"),
                Dumps.files(tmp).stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void retentionRecyclesTheEvictedFilesWithTheNewDumpsContent(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        Object notesInode = Files.getAttribute(tmp.resolve("notes.txt"), "unix:ino");
        List<Object> earlierInodes = new ArrayList<>();
        try (DumpWriter w = DumpWriter.start(config(tmp).formats(List.of(DumpFormat.COLLAPSED)).maxFiles(2).build())) {
            for (int i = 1; i <= 5; i++) {
                // shrinking contents (10000 samples, then 1000, ...): a reused file that was not truncated shows
                int samples = (int) Math.pow(10, 5 - i);
                w.submit(Dumps.profile(Dumps.facts("c" + i, "GET", "/x", 200, 1), samples), false);
                assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
                Path written = tmp.resolve("GET.x.1ms.1700000000.c" + i + ".collapsed");
                assertEquals("com.example.Handler.handle;com.example.Work.burn " + samples + "\n", Files.readString(written),
                        "dump " + i + " holds its own samples, whatever file it reused");
                if (i == 5) assertTrue(earlierInodes.contains(Files.getAttribute(written, "unix:ino")),
                        "at the limit, an evicted dump's file is reused rather than a new one created");
                earlierInodes.add(Files.getAttribute(written, "unix:ino"));
            }
        }
        assertEquals(List.of("GET.x.1ms.1700000000.c4.collapsed", "GET.x.1ms.1700000000.c5.collapsed", "index.jsonl", "notes.txt"),
                Dumps.files(tmp).stream().map(p -> p.getFileName().toString()).toList());
        assertEquals("mine", Files.readString(tmp.resolve("notes.txt")));
        assertEquals(notesInode, Files.getAttribute(tmp.resolve("notes.txt"), "unix:ino"));
    }

    @Test
    void retentionByBytes(@TempDir Path tmp) throws Exception {
        long oneFile;
        try (DumpWriter w = DumpWriter.start(config(tmp).build())) {
            w.submit(Dumps.profile(Dumps.facts("probe", "GET", "/x", 200, 1), 1), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
            oneFile = Files.size(tmp.resolve("GET.x.1ms.1700000000.probe.pb.gz"));
        }
        try (DumpWriter w = DumpWriter.start(config(tmp).maxBytes(oneFile * 2 + oneFile / 2).build())) {
            for (int i = 1; i <= 4; i++) w.submit(Dumps.profile(Dumps.facts("b" + i, "GET", "/x", 200, 1), 1), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        assertEquals(List.of("GET.x.1ms.1700000000.b3.pb.gz", "GET.x.1ms.1700000000.b4.pb.gz", "index.jsonl"),
                Dumps.files(tmp).stream().map(p -> p.getFileName().toString()).toList(),
                "the probe from the earlier run counts too: the index carries it over");
    }

    @Test
    void aRestartTakesOverTheIndexAndLeavesOtherFilesAlone(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "mine");
        try (DumpWriter w = DumpWriter.start(config(tmp).build())) {
            for (int i = 1; i <= 3; i++) w.submit(Dumps.profile(Dumps.facts("s" + i, "GET", "/x", 200, 1), 1), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        try (DumpWriter w = DumpWriter.start(config(tmp).maxFiles(1).build())) {
            assertTrue(w.awaitIdle(Duration.ofSeconds(1)));
        }
        assertEquals(List.of("GET.x.1ms.1700000000.s3.pb.gz", "index.jsonl", "notes.txt"),
                Dumps.files(tmp).stream().map(p -> p.getFileName().toString()).toList());
        List<String> index = Files.readAllLines(tmp.resolve("index.jsonl"));
        assertEquals(1, index.size(), "the index was compacted to the surviving dump");
        assertTrue(index.get(0).contains("\"id\":\"s3\""));
    }

    @Test
    void anUnwritableDirectoryFailsAtStartNamingTheSetting(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DumpWriter.start(config(file.resolve("dumps")).build()));
        assertTrue(e.getMessage().startsWith("reqprof.profile-dir: must be a directory reqprof can create and write, '"
                + file.resolve("dumps") + "' is not"), e.getMessage());
    }

    @Test
    void aDiskFailureIsCountedAndTheNextDumpIsTriedAfresh(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("dumps");
        try (DumpWriter w = DumpWriter.start(config(dir).build())) {
            Files.delete(dir);
            Files.writeString(dir, "the directory was replaced by a file");
            assertTrue(w.submit(Dumps.profile(Dumps.facts("f1", "GET", "/x", 200, 1), 1), false));
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(1, w.failed());
            assertEquals(0, w.written());
            Files.delete(dir);
            assertTrue(w.submit(Dumps.profile(Dumps.facts("f2", "GET", "/x", 200, 1), 1), false));
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(1, w.written(), "the directory is recreated for the next dump");
        }
        assertTrue(Files.exists(dir.resolve("GET.x.1ms.1700000000.f2.pb.gz")));
    }

    @Test
    void aDumpCutOffHalfwayLeavesNoFileBehind(@TempDir Path tmp) throws Exception {
        // the pprof file is written and renamed into place, then naming the HTML file fails (as a full
        // disk would fail writing it): the pprof file must go, since no index line will ever list it
        Path dir = tmp.resolve("dumps");
        FilenameFormat failsOnHtml = (facts, ext) -> {
            if (ext.equals("html")) throw new IllegalStateException("no room for " + facts.id());
            return facts.id() + "." + ext;
        };
        try (DumpWriter w = DumpWriter.start(config(dir).formats(List.of(DumpFormat.PPROF, DumpFormat.HTML))
                .filenameFormat(failsOnHtml).build())) {
            assertTrue(w.submit(Dumps.profile(Dumps.facts("cut", "GET", "/x", 200, 1), 1), false));
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(1, w.failed());
            assertEquals(0, w.written());
        }
        try (var files = Files.list(dir)) {
            List<String> left = files.map(p -> p.getFileName().toString()).filter(n -> !n.equals(DumpIndex.FILE_NAME)).toList();
            assertEquals(List.of(), left, "files of the cut-off dump");
        }
    }

    @Test
    void summariesGoToTheStreamSortedAndRestricted(@TempDir Path tmp) throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        DumpConfig c = DumpConfig.builder().stream(SummaryStream.to(out::add))
                .restrictions(List.of(Restriction.matching("Work"), Restriction.limit(5))).build();
        assertTrue(c.producesOutput());
        try (DumpWriter w = DumpWriter.start(c)) {
            w.submit(Dumps.profile(Dumps.facts("t1", "GET", "/api/process", 200, 123), 9), false);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        assertEquals(1, out.size());
        String text = out.get(0);
        assertTrue(text.startsWith("GET /api/process  200  123 ms\n"), text);
        assertTrue(text.contains("com.example.Work.burn"), text);
        assertFalse(text.contains("com.example.Handler.handle"), "restricted to rows matching Work: " + text);
        assertEquals(List.of(), Dumps.files(tmp), "no directory, no files");
        assertFalse(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).isEmpty());
    }
}
