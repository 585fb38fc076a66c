package io.reqprof.core.pprof;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@code go tool pprof}, the reference pprof reader, for tests. Tests using it are skipped,
 * not failed, when {@code go} is not on the PATH: core's build must not need Go, and CI installs it.
 */
public final class GoPprof {
    private GoPprof() {
    }

    /** Output of one run. */
    public record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    /** Skips the calling test unless {@code go version} runs. */
    public static void assumeGo() {
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

    /** Runs {@code go tool pprof ARGS} with a private HOME under {@code tmp}. */
    public static Result run(Path tmp, String... args) throws Exception {
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
