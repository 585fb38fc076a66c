package io.reqprof.core.dump;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DumpIndexTest {

    @Test
    void readGivesEachDumpsFactsAndFiles(@TempDir Path tmp) throws Exception {
        try (DumpWriter w = DumpWriter.start(DumpConfig.builder().profileDir(tmp).build())) {
            w.submit(Dumps.profile(Dumps.facts("x1", "POST", "/a<b>&\"c\"", 503, 42), 2), true);
            assertTrue(w.awaitIdle(Duration.ofSeconds(5)));
        }
        Files.writeString(tmp.resolve(DumpIndex.FILE_NAME), "{\"id\":\"torn", java.nio.file.StandardOpenOption.APPEND);
        List<DumpIndex.Entry> entries = DumpIndex.read(tmp);
        assertEquals(1, entries.size(), "a torn last line is skipped");
        DumpIndex.Entry e = entries.get(0);
        assertEquals(new DumpIndex.Entry("x1", 1_700_000_000.0, "POST", "/a<b>&\"c\"", null, 503, 42.0,
                List.of("POST.a_b___c_.42ms.1700000000.x1.pb.gz"), true), e);
        assertTrue(DumpIndex.file(tmp, e.files().get(0)).isPresent());
    }

    @Test
    void bytesThatAreNotUtf8SpoilOnlyTheirOwnLine(@TempDir Path tmp) throws Exception {
        byte[] good = "{\"id\":\"a\",\"files\":[\"a.pb.gz\"]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}', '\n'};
        byte[] last = "{\"id\":\"b\",\"files\":[\"b.pb.gz\"]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream index = new java.io.ByteArrayOutputStream();
        index.write(good);
        index.write(bad);
        index.write(last);
        Files.write(tmp.resolve(DumpIndex.FILE_NAME), index.toByteArray());
        List<String> ids = DumpIndex.read(tmp).stream().map(DumpIndex.Entry::id).toList();
        assertEquals("a", ids.get(0));
        assertEquals("b", ids.get(ids.size() - 1), "the line after the malformed bytes is read: " + ids);
    }

    @Test
    void fileNeverResolvesOutsideTheDirectory(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("ok.pb.gz"), "x");
        Files.writeString(tmp.resolve(".hidden"), "x");
        assertTrue(DumpIndex.file(tmp, "ok.pb.gz").isPresent());
        for (String name : List.of("../ok.pb.gz", ".hidden", "a/ok.pb.gz", "..\\ok.pb.gz", "", "missing.pb.gz")) {
            assertEquals(Optional.empty(), DumpIndex.file(tmp, name), name);
        }
    }
}
