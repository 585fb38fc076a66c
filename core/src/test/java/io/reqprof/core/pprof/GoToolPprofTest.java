package io.reqprof.core.pprof;

import io.reqprof.core.profile.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that the reference pprof implementation reads our output. Skipped when {@code go} is
 * not on the PATH, since core's build must not require a Go toolchain.
 */
class GoToolPprofTest {
    @TempDir
    Path tmp;

    @Test
    void goToolPprofListsTheLeafOfACpuProfile() throws Exception {
        GoPprof.assumeGo();
        Path file = write("cpu.pb.gz", PprofEncoder.encodeGzip(Fixtures.cpuOnly()));
        GoPprof.Result r = pprof("-top", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("com.example.Burn.burnCpu"), r.toString());
        assertTrue(r.stdout().contains("Type: cpu"), r.toString());
    }

    @Test
    void goToolPprofSelectsTheWallColumnOfAMultiTypeProfile() throws Exception {
        GoPprof.assumeGo();
        Profile p = Fixtures.allTypes();
        Path file = write("all.pb.gz", PprofEncoder.encodeGzip(p));
        GoPprof.Result r = pprof("-top", "-sample_index=wall", file.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.stdout().contains("Type: wall"), r.toString());
        // the wall sample's leaf is the kernel frame; burnCpu has CPU samples only
        assertTrue(r.stdout().contains("do_syscall_64"), r.toString());
        assertTrue(r.stdout().contains("350ms"), r.toString());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private GoPprof.Result pprof(String... args) throws Exception {
        return GoPprof.run(tmp, args);
    }
}
