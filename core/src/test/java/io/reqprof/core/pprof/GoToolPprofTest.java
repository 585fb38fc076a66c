package io.reqprof.core.pprof;

import io.reqprof.core.profile.Profile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks that the reference pprof implementation reads our output. Skipped when {@code go} is
 * not on the PATH, since core's build must not require a Go toolchain.
 */
class GoToolPprofTest {
    @TempDir
    Path tmp;

    @Test
    void goToolPprofListsTheLeafOfACpuProfile() throws Exception {
        assumeGo();
        Path file = write("cpu.pb.gz", PprofEncoder.encodeGzip(Fixtures.cpuOnly()));
        Result r = pprof("-top", file.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("com.example.Burn.burnCpu"), r.toString());
        assertTrue(r.stdout.contains("Type: cpu"), r.toString());
    }

    @Test
    void goToolPprofSelectsTheWallColumnOfAMultiTypeProfile() throws Exception {
        assumeGo();
        Profile p = Fixtures.allTypes();
        Path file = write("all.pb.gz", PprofEncoder.encodeGzip(p));
        Result r = pprof("-top", "-sample_index=wall", file.toString());
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.stdout.contains("Type: wall"), r.toString());
        // the wall sample's leaf is the kernel frame; burnCpu has CPU samples only
        assertTrue(r.stdout.contains("do_syscall_64"), r.toString());
        assertTrue(r.stdout.contains("350ms"), r.toString());
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = tmp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    private static void assumeGo() {
        boolean found;
        try {
            Process p = new ProcessBuilder("go", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            found = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = false;
        }
        assumeTrue(found, "go is not on the PATH");
    }

    private record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Result pprof(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("go", "tool", "pprof"));
        command.addAll(List.of(args));
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // CI may run as root with a read-only or absent HOME; never let go fetch a toolchain
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("GOCACHE", home.resolve("gocache").toString());
        env.put("PPROF_TMPDIR", home.toString());
        env.put("GOTOOLCHAIN", "local");
        env.put("GOFLAGS", "");
        env.put("GOTELEMETRY", "off");
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("go tool pprof did not finish within 120 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
