package io.reqprof.core.dump;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;
import io.reqprof.core.request.RequestFacts;
import io.reqprof.core.request.RequestProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Request profiles made by hand, for dump tests that do not need a sampler. */
final class Dumps {
    private Dumps() {
    }

    static RequestFacts facts(String id, String method, String path, int status, long elapsedMs) {
        return new RequestFacts(id, method, path, null, status, Instant.ofEpochSecond(1_700_000_000L), Duration.ofMillis(elapsedMs));
    }

    static RequestProfile profile(RequestFacts facts, int cpuSamples) {
        StackTrace stack = StackTrace.ofLeafFirst(Frame.java("com.example.Work", "burn", 10), Frame.java("com.example.Handler", "handle", 3));
        ProfileBuilder b = new ProfileBuilder().period(SampleType.CPU, 10_000_000L);
        if (cpuSamples > 0) b.add(SampleType.CPU, stack, cpuSamples, cpuSamples * 10_000_000L);
        b.add(SampleType.WALL, stack, 1, 50_000_000L);
        return new RequestProfile(facts, b.build());
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
