package io.reqprof.quarkus.deployment;

import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Test helpers for a dump directory. */
final class DumpFiles {
    private DumpFiles() {
    }

    /**
     * A directory under {@code target/} for one test class and this JVM, not created. Named by the
     * process id rather than cleaned: a test class's static fields are initialized twice (by JUnit
     * and again by Quarkus's class loader), and cleaning the second time would delete what the
     * running application just created.
     */
    static Path freshDir(String name) {
        return Path.of("target", "reqprof-it", name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
    }

    /** {@link #freshDir}, created. */
    static Path emptyDir(String name) {
        Path dir = freshDir(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files in {@code dir} whose name matches. */
    static List<Path> list(Path dir, Predicate<String> name) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> name.test(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until a file whose name matches appears (dumps are written about two chunk periods after the response). */
    static Path await(Path dir, Predicate<String> name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Path> found = list(dir, name);
            if (!found.isEmpty()) return found.get(0);
            Thread.sleep(100);
        }
        throw new AssertionError("no file matching the expectation in " + dir + " after " + timeout + "; present: "
                + list(dir, n -> true).stream().map(p -> p.getFileName().toString()).toList());
    }

    static Profile decode(Path pprof) throws IOException {
        return PprofDecoder.decode(Files.readAllBytes(pprof));
    }

    /** CPU samples whose stack holds {@code method} anywhere. */
    static long cpuSamplesIn(Profile p, String method) {
        return p.samples(SampleType.CPU).stream().filter(s -> holds(s, method)).mapToLong(Sample::count).sum();
    }

    static long cpuSamples(Profile p) {
        return p.samples(SampleType.CPU).stream().mapToLong(Sample::count).sum();
    }

    private static boolean holds(Sample s, String method) {
        for (Frame f : s.stack().frames()) {
            if (method.equals(f.methodName())) return true;
        }
        return false;
    }
}
