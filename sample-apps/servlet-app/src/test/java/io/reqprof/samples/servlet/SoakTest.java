package io.reqprof.samples.servlet;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The servlet app under concurrent load, with request dumps and continuous profiling to a collector
 * in its own JVM, which is SIGKILLed and restarted on the same ports and store twice mid-run; beside
 * it, an uploader records every profile the collector acknowledges. No application request fails,
 * the app's profiles reach the collector, every acknowledged profile is in the store afterwards, and
 * the threads, file descriptors and resident memory of both processes stay bounded (the figures are
 * printed). {@code -Dreqprof.soak.seconds=600} runs it longer (default 60).
 */
class SoakTest {
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("reqprof.soak.seconds", 60));
    private static final int LOAD_THREADS = 4;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** A child JVM and its output, line by line. */
    private static final class Child {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());

        Child(ProcessBuilder pb) throws IOException {
            process = pb.redirectErrorStream(true).start();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        all.add(line);
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the child is gone
                }
            }, "soak-child-output");
            t.setDaemon(true);
            t.start();
        }

        Matcher await(Pattern p) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line == null) continue;
                Matcher m = p.matcher(line);
                if (m.find()) return m;
            }
            fail("no line matching " + p + " from the child; it printed:\n" + String.join("\n", all));
            return null;
        }
    }

    /** The most seen of one process's threads, open files and resident memory. */
    private static final class Peaks {
        long threads;
        long fds;
        long rssKb;

        void sample(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("Threads:")) threads = Math.max(threads, Long.parseLong(line.substring(8).trim()));
                    if (line.startsWith("VmRSS:")) rssKb = Math.max(rssKb, Long.parseLong(line.replaceAll("\\D", "")));
                }
                try (Stream<Path> fd = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                    fds = Math.max(fds, fd.count());
                }
            } catch (IOException | RuntimeException gone) {
                // the process was just killed: the next sample sees its successor
            }
        }

        @Override
        public String toString() {
            return threads + " threads, " + fds + " file descriptors, " + rssKb / 1024 + " MiB resident";
        }
    }

    @Test
    void underLoadWithTheCollectorKilledTwiceNoRequestFailsAndNoAcknowledgedProfileIsLost(@TempDir Path dir)
            throws Exception {
        int grpcPort = freePort();
        int httpPort = freePort();
        Child collector = startCollector(dir, grpcPort, httpPort);
        ProcessBuilder app = new ProcessBuilder(JAVA, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                ServletApp.class.getName(), "0");
        app.environment().putAll(Map.of("REQPROF_SERVICE", "soak-app", "REQPROF_TARGET", "grpc://127.0.0.1:" + grpcPort,
                "REQPROF_PROFILE_DIR", dir.resolve("dumps").toString(), "REQPROF_FORMATS", "pprof",
                "REQPROF_RETENTION_MAX_FILES", "500"));
        Child service = new Child(app);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        List<Thread> workers = new ArrayList<>();
        try {
            String base = service.await(Pattern.compile("listening on (http://127.0.0.1:[0-9]+/)")).group(1);
            long end = System.nanoTime() + RUN.toNanos();
            AtomicLong answered = new AtomicLong();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            String[] paths = {"api/process", "api/users/7", "", "api/async"};
            for (int t = 0; t < LOAD_THREADS; t++) {
                int first = t;
                workers.add(thread("soak-load-" + t, () -> {
                    for (int i = first; System.nanoTime() < end; i++) {
                        String url = base + paths[i % paths.length];
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                                    .build(), HttpResponse.BodyHandlers.discarding());
                            if (r.statusCode() != 200) failures.add(url + " -> " + r.statusCode());
                            else answered.incrementAndGet();
                        } catch (IOException e) {
                            failures.add(url + " -> " + e);
                        }
                    }
                }));
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicLong refused = new AtomicLong();
            byte[] profile = new PprofWriter(List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds")))
                    .sample(List.of("com.example.Soak.work", "java.lang.Thread.run"), new long[] {1, 10_000_000L}).toGzip();
            ProfilerServiceGrpc.ProfilerServiceBlockingStub stub = ProfilerServiceGrpc.newBlockingStub(channel);
            workers.add(thread("soak-uploader", () -> {
                while (System.nanoTime() < end) {
                    try {
                        Profile stored = stub.withDeadlineAfter(5, TimeUnit.SECONDS).createOfflineProfile(upload(profile));
                        acknowledged.add(stored.getName().substring(stored.getName().lastIndexOf('/') + 1));
                    } catch (StatusRuntimeException down) {
                        refused.incrementAndGet(); // the collector is being killed or restarted: not acknowledged
                    }
                    Thread.sleep(100);
                }
            }));
            Peaks appPeaks = new Peaks();
            Peaks collectorPeaks = new Peaks();
            for (int kill = 1; kill <= 2; kill++) {
                long killAt = end - RUN.toNanos() + kill * RUN.toNanos() / 3;
                while (System.nanoTime() < killAt) {
                    appPeaks.sample(service.process.pid());
                    collectorPeaks.sample(collector.process.pid());
                    Thread.sleep(1000);
                }
                if (kill == 1) assertTrue(storedOf(http, httpPort, "soak-app") > 0, "the app's profiles reach the collector");
                collector.process.destroyForcibly(); // SIGKILL
                assertTrue(collector.process.waitFor(20, TimeUnit.SECONDS));
                collector = startCollector(dir, grpcPort, httpPort);
            }
            while (System.nanoTime() < end) {
                appPeaks.sample(service.process.pid());
                collectorPeaks.sample(collector.process.pid());
                Thread.sleep(1000);
            }
            for (Thread w : workers) w.join(TimeUnit.SECONDS.toMillis(60));
            System.out.println("SoakTest: " + RUN.toSeconds() + " s, " + answered.get() + " requests answered, " + failures.size()
                    + " failed; " + acknowledged.size() + " uploads acknowledged, " + refused.get()
                    + " refused while the collector was down; app peak " + appPeaks + "; collector peak " + collectorPeaks);
            assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), "application requests failed");
            assertTrue(answered.get() >= 100, "the load ran: " + answered.get() + " requests");
            assertTrue(acknowledged.size() >= 50, "the uploader ran: " + acknowledged.size());
            for (String id : acknowledged) {
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/profiles/" + id
                        + "/pprof")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                assertEquals(200, status, "acknowledged profile " + id + " after two SIGKILLs");
            }
            assertTrue(appPeaks.threads < 200 && appPeaks.fds < 1000 && appPeaks.rssKb < 1024 * 1024, "app: " + appPeaks);
            assertTrue(collectorPeaks.threads < 200 && collectorPeaks.fds < 1000 && collectorPeaks.rssKb < 1024 * 1024,
                    "collector: " + collectorPeaks);
        } finally {
            for (Thread w : workers) w.interrupt();
            channel.shutdownNow();
            service.process.destroy(); // SIGTERM: the app drains and stops its profiler
            if (!service.process.waitFor(30, TimeUnit.SECONDS)) service.process.destroyForcibly();
            collector.process.destroyForcibly();
            collector.process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Starts the collector on these ports and store; tries again while the killed one's ports are not yet free. */
    private static Child startCollector(Path dir, int grpcPort, int httpPort) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Child c = new Child(new ProcessBuilder(JAVA, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "io.reqprof.collector.Main", "--grpc-port=" + grpcPort, "--http-port=" + httpPort,
                    "--data-dir=" + dir.resolve("store"), "--period=2s", "--profile-duration=1s"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = c.lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && line.contains("reqprof collector: gRPC")) return c;
                if (line == null && !c.process.isAlive()) break;
            }
            if (attempt == 10 || c.process.isAlive()) {
                c.process.destroyForcibly();
                fail("the collector did not start (attempt " + attempt + "); it printed:\n" + String.join("\n", c.all));
            }
            Thread.sleep(500);
        }
    }

    private static CreateOfflineProfileRequest upload(byte[] gz) {
        Deployment d = Deployment.newBuilder().setProjectId("soak-project").setTarget("soak-uploader")
                .putLabels("language", "java").build();
        return CreateOfflineProfileRequest.newBuilder().setParent("projects/soak-project")
                .setProfile(Profile.newBuilder().setDeployment(d).setProfileType(ProfileType.CPU)
                        .setProfileBytes(ByteString.copyFrom(gz))
                        .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(10)))
                .build();
    }

    private static int storedOf(HttpClient http, int port, String service) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/profiles?service=" + service))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.split("\"id\"").length - 1;
    }

    interface Body {
        void run() throws Exception;
    }

    private static Thread thread(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException stop) {
                // the test is over
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
