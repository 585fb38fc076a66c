package io.reqprof.bench;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reqprof.collector.Collector;
import io.reqprof.collector.CollectorConfig;
import io.reqprof.core.internal.json.JsonParser;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.PprofProfile;
import io.reqprof.collector.pprof.PprofReader;
import io.reqprof.collector.pprof.StackTree;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The collector's two benchmarks from issue #5, against a collector started in-process on loopback
 * with a fresh store in a temporary directory:
 *
 * <ol>
 *   <li><b>Ingest</b>: N concurrent gRPC clients, each on its own channel (as N agents are), upload
 *   realistic gzip CPU profiles ({@link WebAppProfiles}) as fast as they are acknowledged, in three
 *   ways: {@code offline} = CreateOfflineProfile; {@code update} = UpdateProfile of a profile as
 *   CreateProfile hands it out (name, type, deployment, duration), which is the agent's upload;
 *   {@code agent} = the whole agent round, CreateProfile then UpdateProfile with the issued name,
 *   each round for a deployment seen for the first time, which the scheduler answers at once (a
 *   known deployment gets one profile per period: that is the schedule, not a throughput). Every
 *   upload is stored durably (fsync) before it is acknowledged. Reports uploads/s, MB/s of
 *   uploaded (gzip) bytes and latency percentiles, after a warm-up.</li>
 *   <li><b>Merge</b>: 250 such CPU profiles of one service stored, then the request the web UI makes
 *   when the service is opened ({@code /api/merge?service=...&type=CPU}, range "all", any version
 *   and zone, exactly as {@code app.js} builds it) timed over HTTP after warm-up; also the
 *   <i>Download pprof</i> variant ({@code &format=pprof}). Target: under 1 s.</li>
 * </ol>
 *
 * <p>Options as {@code key=value} arguments: {@code threads=1,4,8}, {@code modes=offline,update,agent},
 * {@code seconds=4} (measured per row), {@code warmup=1} (per row, plus 4 s once),
 * {@code profiles=250}, {@code reps=10}, {@code merge-warmup=3}, {@code seed=42},
 * {@code stacks=20000} (distinct stacks of the generated code base),
 * {@code data-dir=DIR} (default: a new temporary directory, removed at the end),
 * {@code only=ingest|merge}.
 */
public final class CollectorBench {
    private static final String PROJECT = "bench-project";
    private static final String MERGE_SERVICE = "shop-api";
    private static final int INGEST_POOL = 16;
    /** Agent mode: every round is for a deployment never seen before, across all rows of the run. */
    private static final java.util.concurrent.atomic.AtomicLong NEW_DEPLOYMENTS = new java.util.concurrent.atomic.AtomicLong();

    private CollectorBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("arguments are key=value, got " + a);
            opt.put(a.substring(0, eq).replaceFirst("^--", ""), a.substring(eq + 1));
        }
        int[] threads = Arrays.stream(opt.getOrDefault("threads", "1,4,8").split(",")).mapToInt(Integer::parseInt).toArray();
        List<String> modes = List.of(opt.getOrDefault("modes", "offline,update,agent").split(","));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "4"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "1"));
        int profiles = Integer.parseInt(opt.getOrDefault("profiles", "250"));
        int reps = Integer.parseInt(opt.getOrDefault("reps", "10"));
        int mergeWarmup = Integer.parseInt(opt.getOrDefault("merge-warmup", "3"));
        long seed = Long.parseLong(opt.getOrDefault("seed", "42"));
        int codeBase = Integer.parseInt(opt.getOrDefault("stacks", "20000"));
        String only = opt.getOrDefault("only", "");
        boolean tempDir = !opt.containsKey("data-dir");
        Path base = tempDir ? Files.createTempDirectory("reqprof-collector-bench") : Path.of(opt.get("data-dir"));
        Logger.getLogger("io.reqprof.collector").setLevel(Level.WARNING);
        Logger.getLogger("io.grpc").setLevel(Level.SEVERE);

        System.out.printf(Locale.ROOT, "Java %s, %d cores, load average %s, store under %s%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), loadAverage(), base);
        long t0 = System.nanoTime();
        WebAppProfiles gen = new WebAppProfiles(seed, codeBase);
        int[] depth = gen.depths();
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[][] pool = new byte[INGEST_POOL][];
        long gz = 0, raw = 0, stacks = 0, minStacks = Long.MAX_VALUE, maxStacks = 0;
        for (int i = 0; i < pool.length; i++) {
            io.reqprof.core.profile.Profile p = gen.profile(1000 + i, now);
            pool[i] = gen.gzip(1000 + i, now);
            gz += pool[i].length;
            raw += Gzip.gunzip(pool[i], Integer.MAX_VALUE - 16).length;
            int distinct = p.samples().size();
            stacks += distinct;
            minStacks = Math.min(minStacks, distinct);
            maxStacks = Math.max(maxStacks, distinct);
        }
        System.out.printf(Locale.ROOT, "profiles: CPU, 10 s, 2,000-4,000 samples of 10 ms; %d-%d distinct stacks (mean %d) out of a"
                        + " code base of %d; depth %d-%d (median %d); %.0f KB gzip (%.0f KB raw pprof) on average;"
                        + " generated in %d ms%n",
                minStacks, maxStacks, stacks / pool.length, gen.poolSize(), depth[0], depth[2], depth[1],
                gz / 1024.0 / pool.length, raw / 1024.0 / pool.length, (System.nanoTime() - t0) / 1_000_000);
        try {
            if (!only.equals("merge")) ingest(base.resolve("ingest"), pool, modes, threads, warmup, seconds);
            if (!only.equals("ingest")) merge(base.resolve("merge"), gen, profiles, mergeWarmup, reps);
        } finally {
            if (tempDir) deleteTree(base);
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    private static CollectorConfig config(Path dir) {
        // no retention during the run: nothing may be deleted while it is measured
        return CollectorConfig.builder().host("127.0.0.1").grpcPort(0).httpPort(0).dataDir(dir)
                .retentionAge(Duration.ZERO).retentionBytes(0).build();
    }

    // ---------------------------------------------------------------- ingest

    private record Row(String mode, int threads, double uploadsPerSecond, double mbPerSecond, double p50Ms, double p99Ms,
                       double maxMs, double cpuMsPerUpload, int errors, String firstError) { }

    /** One gRPC client on its own channel, like one agent process. */
    private static final class Client implements AutoCloseable {
        final ManagedChannel channel;
        final ProfilerServiceGrpc.ProfilerServiceBlockingStub stub;

        Client(int port) {
            channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            stub = ProfilerServiceGrpc.newBlockingStub(channel);
        }

        @Override
        public void close() throws InterruptedException {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Deployment deployment(String target, String version, String zone) {
        return Deployment.newBuilder().setProjectId(PROJECT).setTarget(target).putLabels("language", "java")
                .putLabels("version", version).putLabels("zone", zone).build();
    }

    private static final com.google.protobuf.Duration TEN_SECONDS = com.google.protobuf.Duration.newBuilder().setSeconds(10).build();

    /** One upload in {@code mode}; returns the bytes uploaded. */
    private static int upload(Client c, String mode, int thread, long seq, ByteString bytes) {
        ProfilerServiceGrpc.ProfilerServiceBlockingStub stub = c.stub.withDeadlineAfter(30, TimeUnit.SECONDS);
        String instance = "instance-" + thread;
        switch (mode) {
            case "offline" -> stub.createOfflineProfile(CreateOfflineProfileRequest.newBuilder()
                    .setParent("projects/" + PROJECT)
                    .setProfile(Profile.newBuilder().setDeployment(deployment("ingest-bench", "1.0.0", "zone-a"))
                            .setProfileType(ProfileType.CPU).setDuration(TEN_SECONDS).setProfileBytes(bytes)
                            .putLabels("instance", instance))
                    .build());
            case "update" -> stub.updateProfile(UpdateProfileRequest.newBuilder()
                    .setProfile(Profile.newBuilder().setName("projects/" + PROJECT + "/profiles/bench-" + thread + "-" + seq)
                            .setDeployment(deployment("ingest-bench", "1.0.0", "zone-a"))
                            .setProfileType(ProfileType.CPU).setDuration(TEN_SECONDS).setProfileBytes(bytes)
                            .putLabels("instance", instance))
                    .build());
            case "agent" -> {
                Profile issued = stub.createProfile(CreateProfileRequest.newBuilder().setParent("projects/" + PROJECT)
                        .setDeployment(deployment("ingest-bench", "2.0.0", "zone-" + NEW_DEPLOYMENTS.incrementAndGet()))
                        .addProfileType(ProfileType.CPU).build());
                stub.updateProfile(UpdateProfileRequest.newBuilder()
                        .setProfile(issued.toBuilder().setProfileBytes(bytes).putLabels("instance", instance)).build());
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode + " (offline, update, agent)");
        }
        return bytes.size();
    }

    private static void ingest(Path dir, byte[][] pool, List<String> modes, int[] threadCounts, int warmup, int seconds)
            throws Exception {
        ByteString[] bytes = new ByteString[pool.length];
        for (int i = 0; i < pool.length; i++) bytes[i] = ByteString.copyFrom(pool[i]);
        List<Row> rows = new ArrayList<>();
        try (Collector c = Collector.start(config(dir))) {
            int max = Arrays.stream(threadCounts).max().orElse(1);
            System.out.printf(Locale.ROOT, "ingest: JVM warm-up, 4 s of every mode with %d threads...%n", max);
            for (String mode : modes) runIngest(c.grpcPort(), bytes, mode, max, 0, 4.0 / modes.size());
            for (String mode : modes) {
                for (int t : threadCounts) {
                    Row r = runIngest(c.grpcPort(), bytes, mode, t, warmup, seconds);
                    rows.add(r);
                    System.out.printf(Locale.ROOT, "  %-7s %2d threads: %7.1f uploads/s%n", mode, t, r.uploadsPerSecond());
                }
            }
            System.out.printf(Locale.ROOT, "ingest: %d profiles stored, %.1f MB on disk%n", c.store().size(), c.store().totalBytes() / 1e6);
        }
        System.out.println();
        System.out.println("| mode | clients | uploads/s | MB/s (gzip) | p50 ms | p99 ms | max ms | CPU ms/upload | errors |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.1f | %.1f | %.1f | %.1f | %d |%n", r.mode(), r.threads(),
                    r.uploadsPerSecond(), r.mbPerSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.cpuMsPerUpload(), r.errors());
        }
        System.out.println("(CPU ms/upload: this JVM's CPU time, collector and clients together, over the measured window)");
        for (Row r : rows) if (r.firstError() != null) System.out.println("first error (" + r.mode() + ", " + r.threads() + "): " + r.firstError());
        System.out.println();
    }

    /**
     * {@code threads} clients upload back to back for {@code warmup + seconds}; calls completing
     * inside the last {@code seconds} are counted.
     */
    private static Row runIngest(int port, ByteString[] pool, String mode, int threads, double warmup, double seconds)
            throws Exception {
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < threads; i++) clients.add(new Client(port));
        try {
            long start = System.nanoTime();
            long measureFrom = start + (long) (warmup * 1e9);
            long measureUntil = measureFrom + (long) (seconds * 1e9);
            long[][] latencies = new long[threads][];
            long[] uploadedBytes = new long[threads];
            AtomicInteger errors = new AtomicInteger();
            AtomicReference<String> firstError = new AtomicReference<>();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Thread w = new Thread(() -> {
                    long[] lat = new long[1024];
                    int n = 0;
                    long seq = 0;
                    while (true) {
                        long a = System.nanoTime();
                        if (a >= measureUntil) break;
                        seq++;
                        try {
                            int size = upload(clients.get(id), mode, id, seq, pool[(int) ((id * 7 + seq) % pool.length)]);
                            long b = System.nanoTime();
                            if (b >= measureFrom && b < measureUntil) {
                                if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                                lat[n++] = b - a;
                                uploadedBytes[id] += size;
                            }
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                        }
                    }
                    latencies[id] = Arrays.copyOf(lat, n);
                }, "bench-client-" + t);
                w.start();
                workers.add(w);
            }
            sleepUntil(measureFrom);
            long cpu0 = processCpuNanos();
            sleepUntil(measureUntil);
            long cpu1 = processCpuNanos();
            for (Thread w : workers) w.join();
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            long total = Arrays.stream(uploadedBytes).sum();
            return new Row(mode, threads, all.length / seconds, total / 1e6 / seconds, pct(all, 0.50), pct(all, 0.99),
                    all.length == 0 ? 0 : all[all.length - 1] / 1e6, all.length == 0 ? 0 : (cpu1 - cpu0) / 1e6 / all.length,
                    errors.get(), firstError.get());
        } finally {
            for (Client c : clients) c.close();
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- merge

    private static void merge(Path dir, WebAppProfiles gen, int profiles, int warmup, int reps) throws Exception {
        try (Collector c = Collector.start(config(dir))) {
            // one CPU profile a minute over the last hours, across two versions and two zones, uploaded by two agents
            long now = System.currentTimeMillis();
            long t0 = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            List<Thread> uploaders = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread u = new Thread(() -> {
                    try (Client client = new Client(c.grpcPort())) {
                        for (int i; (i = next.getAndIncrement()) < profiles; ) {
                            long start = (now - (long) (profiles - i) * 60_000) * 1_000_000L;
                            ByteString bytes = ByteString.copyFrom(gen.gzip(i, start));
                            client.stub.withDeadlineAfter(30, TimeUnit.SECONDS).createOfflineProfile(CreateOfflineProfileRequest.newBuilder()
                                    .setParent("projects/" + PROJECT)
                                    .setProfile(Profile.newBuilder()
                                            .setDeployment(deployment(MERGE_SERVICE, i < profiles / 2 ? "1.4.1" : "1.4.2",
                                                    i % 2 == 0 ? "europe-west1-b" : "europe-west1-c"))
                                            .setProfileType(ProfileType.CPU).setDuration(TEN_SECONDS).setProfileBytes(bytes)
                                            .putLabels("instance", "shop-api-" + (i % 4)))
                                    .build());
                        }
                    } catch (Throwable e) {
                        failed.compareAndSet(null, e);
                    }
                });
                u.start();
                uploaders.add(u);
            }
            for (Thread u : uploaders) u.join();
            if (failed.get() != null) throw new IllegalStateException("storing the merge profiles failed", failed.get());
            System.out.printf(Locale.ROOT, "merge: %d profiles stored for %s in %d ms (generated and uploaded), %.1f MB in the store%n",
                    c.store().size(), MERGE_SERVICE, (System.nanoTime() - t0) / 1_000_000, c.store().totalBytes() / 1e6);

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            String ui = "http://127.0.0.1:" + c.httpPort() + "/api/merge?service=" + MERGE_SERVICE + "&type=CPU";
            Timing json = time(http, ui, warmup, reps);
            Timing pprof = time(http, ui + "&format=pprof", 1, 3);

            Map<String, Object> m = JsonParser.parseObject(new String(json.body(), java.nio.charset.StandardCharsets.UTF_8));
            @SuppressWarnings("unchecked") Map<String, Object> flame = (Map<String, Object>) m.get("flame");
            int names = ((List<?>) flame.get("names")).size();
            int nodes = ((List<?>) flame.get("nodes")).size() / 3;
            PprofProfile merged = PprofReader.parse(Gzip.gunzip(pprof.body(), Integer.MAX_VALUE - 16));
            // a merge time of fewer profiles than stored (or of none) is not the figure it claims
            if (!(m.get("merged") instanceof Number n) || n.intValue() != Math.min(profiles, 250) || nodes == 0) {
                throw new IllegalStateException("the merge read " + m.get("merged") + " of " + profiles + " stored profiles, "
                        + nodes + " flame nodes: not a measurement of merging them");
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "merge: GET %s -> merged %s of %s, truncated %s, column %s%n",
                    ui.substring(ui.indexOf("/api/")), m.get("merged"), m.get("selected"), m.get("truncated"), m.get("column"));
            System.out.println("| request | first (ms) | median (ms) | min (ms) | max (ms) | runs | CPU ms/merge | response |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf(Locale.ROOT, "| merge for the UI (JSON: flame graph + top 50) | %.0f | %.0f | %.0f | %.0f | %d | %.0f | %.0f KB JSON: %d flame nodes, %d distinct frames |%n",
                    json.firstMs(), json.medianMs(), json.minMs(), json.maxMs(), json.runs(), json.cpuMs(), json.body().length / 1024.0, nodes, names);
            System.out.printf(Locale.ROOT, "| merge as pprof (Download pprof) | %.0f | %.0f | %.0f | %.0f | %d | %.0f | %.0f KB gzip pprof: %d distinct stacks |%n",
                    pprof.firstMs(), pprof.medianMs(), pprof.minMs(), pprof.maxMs(), pprof.runs(), pprof.cpuMs(), pprof.body().length / 1024.0,
                    merged.samples().size());
            System.out.println("(first: the first request after the profiles were stored; CPU ms/merge: this JVM's CPU time per measured request,"
                    + " all threads, GC included)");
            double[] parts = breakdown(c, 3);
            System.out.printf(Locale.ROOT, "where a merge's time goes (its steps run in-process right after, median of 3): read files %.0f ms,"
                    + " gunzip %.0f ms, parse pprof %.0f ms, add to the stack tree %.0f ms; together %.0f ms of the %.0f ms HTTP median"
                    + " (the rest: flame graph, top table, JSON, transfer, and the load changing in between)%n", parts[0], parts[1], parts[2],
                    parts[3], parts[0] + parts[1] + parts[2] + parts[3], json.medianMs());
            System.out.printf(Locale.ROOT, "merge target < 1000 ms for the UI: median %.0f ms, max %.0f ms -> %s%n", json.medianMs(),
                    json.maxMs(), json.maxMs() < 1000 ? "met" : json.medianMs() < 1000 ? "median met, max over" : "NOT met");
            System.out.println();
        }
    }

    /**
     * The steps of {@code ProfileApi.merge} (store read, gunzip, pprof parse, stack tree) timed
     * separately with the collector's own public classes: {read, gunzip, parse, tree} in ms, medians.
     */
    private static double[] breakdown(Collector c, int reps) throws Exception {
        double[][] ms = new double[4][reps];
        for (int r = 0; r < reps; r++) {
            List<StoredProfile> chosen = c.store().query(new ProfileQuery(MERGE_SERVICE, "CPU", null, null, Map.of(), 0, 0, 0));
            if (chosen.size() > 250) chosen = chosen.subList(0, 250);
            StackTree tree = new StackTree();
            long[] t = new long[4];
            for (StoredProfile p : chosen) {
                long a = System.nanoTime();
                byte[] gz = c.store().read(p.id()).orElseThrow();
                long b = System.nanoTime();
                byte[] raw = Gzip.gunzip(gz, c.config().limits().maxDecompressedBytes());
                long d = System.nanoTime();
                PprofProfile parsed = PprofReader.parse(raw);
                long e = System.nanoTime();
                tree.add(parsed);
                long f = System.nanoTime();
                t[0] += b - a;
                t[1] += d - b;
                t[2] += e - d;
                t[3] += f - e;
            }
            for (int i = 0; i < 4; i++) ms[i][r] = t[i] / 1e6;
        }
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            Arrays.sort(ms[i]);
            out[i] = ms[i][reps / 2];
        }
        return out;
    }

    private record Timing(double firstMs, double medianMs, double minMs, double maxMs, int runs, double cpuMs, byte[] body) { }

    /** The first call, {@code warmup - 1} more unmeasured, then {@code reps} measured ones. */
    private static Timing time(HttpClient http, String url, int warmup, int reps) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
        double first = 0;
        byte[] body = null;
        for (int i = 0; i < warmup; i++) {
            long a = System.nanoTime();
            body = get(http, req);
            if (i == 0) first = (System.nanoTime() - a) / 1e6;
        }
        double[] ms = new double[reps];
        long cpu0 = processCpuNanos();
        for (int i = 0; i < reps; i++) {
            long a = System.nanoTime();
            body = get(http, req);
            ms[i] = (System.nanoTime() - a) / 1e6;
        }
        double cpu = (processCpuNanos() - cpu0) / 1e6 / reps;
        Arrays.sort(ms);
        double median = reps % 2 == 1 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2;
        return new Timing(warmup > 0 ? first : ms[0], median, ms[0], ms[reps - 1], reps, cpu, body);
    }

    private static byte[] get(HttpClient http, HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(req.uri() + " answered " + r.statusCode() + ": " + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.body();
    }

    // ---------------------------------------------------------------- helpers

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(left);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
