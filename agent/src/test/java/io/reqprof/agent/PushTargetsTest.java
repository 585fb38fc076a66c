package io.reqprof.agent;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.profiles.v1development.ExportProfilesServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.profiles.v1development.Function;
import io.opentelemetry.proto.profiles.v1development.Location;
import io.opentelemetry.proto.profiles.v1development.ProfilesDictionary;
import io.opentelemetry.proto.profiles.v1development.Sample;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pyroscope, OTLP and directory uploads, parsed with the real schemas by loopback servers. */
class PushTargetsTest {
    private record Request(String path, String query, Map<String, String> headers, byte[] body) { }

    private HttpServer server;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private Profiler profiler;
    private Workload workload;
    private int status = 200;
    private int failFirst;

    private String startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Map<String, String> h = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.get(0)));
            received.add(new Request(ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), h,
                    ex.getRequestBody().readAllBytes()));
            int code = failFirst-- > 0 ? 503 : status;
            ex.sendResponseHeaders(code, -1);
            ex.close();
        });
        server.start();
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private ProfilerConfig.Builder config(String target) {
        return ProfilerConfig.builder().service("shop").serviceVersion("2.1").instance("host-b").label("team", "web")
                .target(target).uploadPeriod(Duration.ofSeconds(1)).profileDuration(Duration.ofSeconds(1))
                .retryBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .engine(EngineConfig.builder().cpuInterval(Duration.ofMillis(5)).chunkPeriod(Duration.ofMillis(250)).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (profiler != null) profiler.close();
        if (workload != null) workload.close();
        if (server != null) server.stop(0);
    }

    @Test
    void pyroscopeIngestGetsPprofWithAppNameLabelsAndTimeRangeAndRetries503() throws Exception {
        workload = new Workload();
        failFirst = 1; // the first upload is refused with 503 and must be retried
        profiler = Profiler.start(config("pyroscope+http://" + startServer()).wallProfiling(false).build());
        Request first = received.poll(10, TimeUnit.SECONDS);
        Request r = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(first);
        assertNotNull(r, "the 503 was retried");
        assertEquals(first.query(), r.query(), "the retry sends the same profile");
        assertEquals("/ingest", r.path());
        Map<String, String> q = Stream.of(r.query().split("&")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
        assertEquals("shop{version=2.1,instance=host-b,team=web}", q.get("name"));
        assertEquals("pprof", q.get("format"));
        assertEquals("reqprof", q.get("spyName"));
        assertEquals("200", q.get("sampleRate"));
        long from = Long.parseLong(q.get("from"));
        long until = Long.parseLong(q.get("until"));
        long now = System.currentTimeMillis() / 1000;
        assertTrue(until > from && until - from <= 2 && now - from < 30, "from " + from + " until " + until);
        Profile p = PprofDecoder.decode(r.body());
        assertEquals(Set.of(SampleType.CPU), p.types());
        assertTrue(p.samples().stream().anyMatch(s -> s.stack().frames().stream()
                .anyMatch(f -> f.methodName().equals("hotMethodOfTheWorkload"))), "hot method present");
    }

    @Test
    void otlpExportParsesWithTheOpentelemetryProtoSchema() throws Exception {
        workload = new Workload();
        profiler = Profiler.start(config("otlp+http://" + startServer()).wallProfiling(false).bearerToken("otlp-tok").build());
        Request r = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(r);
        assertEquals("/v1development/profiles", r.path());
        assertEquals("application/x-protobuf", r.headers().get("content-type"));
        assertEquals("Bearer otlp-tok", r.headers().get("authorization"));

        ExportProfilesServiceRequest req = ExportProfilesServiceRequest.parseFrom(r.body());
        ProfilesDictionary d = req.getDictionary();
        assertEquals("", d.getStringTable(0));
        assertEquals(io.opentelemetry.proto.profiles.v1development.Mapping.getDefaultInstance(), d.getMappingTable(0));
        assertEquals(Location.getDefaultInstance(), d.getLocationTable(0));
        assertEquals(Function.getDefaultInstance(), d.getFunctionTable(0));
        assertEquals(io.opentelemetry.proto.profiles.v1development.Stack.getDefaultInstance(), d.getStackTable(0));
        Map<String, String> resource = req.getResourceProfiles(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals("shop", resource.get("service.name"));
        assertEquals("2.1", resource.get("service.version"));
        assertEquals("host-b", resource.get("service.instance.id"));
        assertEquals("web", resource.get("team"));
        var scope = req.getResourceProfiles(0).getScopeProfiles(0);
        assertEquals("reqprof", scope.getScope().getName());
        var profile = scope.getProfiles(0);
        assertEquals("cpu", d.getStringTable(profile.getSampleType().getTypeStrindex()));
        assertEquals("nanoseconds", d.getStringTable(profile.getSampleType().getUnitStrindex()));
        assertEquals(5_000_000L, profile.getPeriod());
        assertTrue(profile.getDurationNano() > 0 && profile.getTimeUnixNano() > 0);
        assertEquals(16, profile.getProfileId().size());
        boolean hot = false;
        long total = 0;
        for (Sample s : profile.getSamplesList()) {
            assertEquals(1, s.getValuesCount());
            total += s.getValues(0);
            for (int loc : d.getStackTable(s.getStackIndex()).getLocationIndicesList()) {
                int fn = d.getLocationTable(loc).getLines(0).getFunctionIndex();
                if (d.getStringTable(d.getFunctionTable(fn).getNameStrindex()).endsWith(".hotMethodOfTheWorkload")) hot = true;
            }
        }
        assertTrue(hot, "hot method reachable through stack -> location -> line -> function -> string");
        assertTrue(total > 0);
    }

    @Test
    void directoryGetsOneAtomicallyWrittenFilePerTypeAndPeriod(@TempDir Path dir) throws Exception {
        workload = new Workload();
        profiler = Profiler.start(config("file:" + dir).build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        List<Path> files = List.of();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".pb.gz")).sorted().toList();
            }
            if (files.stream().anyMatch(f -> f.toString().contains("-wall-")) && files.stream().anyMatch(f -> f.toString().contains("-cpu-"))) break;
            Thread.sleep(100);
        }
        profiler.close();
        profiler = null;
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
        Path cpu = files.stream().filter(f -> f.toString().contains("-cpu-")).findFirst().orElseThrow();
        Path wall = files.stream().filter(f -> f.toString().contains("-wall-")).findFirst().orElseThrow();
        assertTrue(cpu.getFileName().toString().matches("shop-cpu-\\d{8}T\\d{6}\\.\\d{3}Z\\.pb\\.gz"), cpu.toString());
        assertEquals(Set.of(SampleType.CPU), PprofDecoder.decode(Files.readAllBytes(cpu)).types());
        assertEquals(Set.of(SampleType.WALL), PprofDecoder.decode(Files.readAllBytes(wall)).types());
    }
}
