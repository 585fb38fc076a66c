package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.ProfileType;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A collector holding two versions of one service: version 1 runs {@code VersionOne.work}, version
 * 2 runs {@code VersionTwo.work}, both run {@code Shared.work}; and a request-dump directory with
 * one dump written the way core's dump writer writes it.
 */
final class ApiFixture implements AutoCloseable {
    static final String SERVICE = "shop";
    final Collector collector;

    ApiFixture(Path dir) throws Exception {
        Path dumps = dir.resolve("dumps");
        Files.createDirectories(dumps);
        writeDump(dumps);
        collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("data"))
                .dumpDir(dumps).build());
        try (GrpcClient c = new GrpcClient(collector.grpcPort(), null)) {
            for (int i = 0; i < 3; i++) {
                c.offline(GrpcClient.deployment(SERVICE, "1", "zone-a"), ProfileType.CPU, TestProfiles.service("com.example.VersionOne.work"), Map.of("instance", "i" + i));
                c.offline(GrpcClient.deployment(SERVICE, "1", "zone-a"), ProfileType.CPU, TestProfiles.service("com.example.Shared.work"), Map.of("instance", "i" + i));
            }
            for (int i = 0; i < 2; i++) {
                c.offline(GrpcClient.deployment(SERVICE, "2", "zone-b"), ProfileType.CPU, TestProfiles.cpu(20, "java.lang.Thread.run", "com.example.Server.handle", "com.example.VersionTwo.work"), Map.of());
                c.offline(GrpcClient.deployment(SERVICE, "2", "zone-b"), ProfileType.CPU, TestProfiles.service("com.example.Shared.work"), Map.of());
            }
            c.offline(GrpcClient.deployment(SERVICE, "2", "zone-b"), ProfileType.WALL, TestProfiles.service("com.example.Sleepy.wait"), Map.of());
            c.offline(GrpcClient.deployment("other-svc", "1", "zone-a"), ProfileType.CPU, TestProfiles.service("com.example.Other.run"), Map.of());
        }
    }

    int port() {
        return collector.httpPort();
    }

    /** One dump as core's DumpWriter leaves it: a pprof file and an index.jsonl line. */
    private static void writeDump(Path dir) throws Exception {
        var p = new ProfileBuilder().period(SampleType.CPU, 10_000_000).add(SampleType.CPU,
                StackTrace.ofLeafFirst(Frame.java("com.example.Checkout", "pay", 42), Frame.java("com.example.Router", "route", 7)),
                4, 40_000_000).build();
        String file = "POST.checkout.123ms.1700000000.1f.pb.gz";
        Files.write(dir.resolve(file), PprofEncoder.encodeGzip(p));
        Files.writeString(dir.resolve("index.jsonl"),
                "{\"id\":\"1e\",\"time\":1699999999.000,\"method\":\"GET\",\"path\":\"/health\",\"route\":null,\"status\":200,\"elapsed_ms\":1.000,\"files\":[\"missing.pb.gz\"],\"samples\":{\"cpu\":0,\"wall\":0},\"engine\":null}\n"
                + "{\"id\":\"1f\",\"time\":1700000000.123,\"method\":\"POST\",\"path\":\"/checkout\",\"route\":\"/checkout\",\"status\":500,\"elapsed_ms\":123.456,\"files\":[\"" + file + "\"],\"samples\":{\"cpu\":4,\"wall\":2},\"engine\":\"async-profiler 4.6\"}\n");
    }

    @Override
    public void close() throws java.io.IOException {
        collector.close();
    }
}
