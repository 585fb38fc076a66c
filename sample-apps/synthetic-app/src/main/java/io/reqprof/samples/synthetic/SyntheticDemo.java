package io.reqprof.samples.synthetic;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.format.CollapsedFormat;
import io.reqprof.core.format.HtmlFlameGraph;
import io.reqprof.core.format.Restriction;
import io.reqprof.core.format.TextSummary;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.ActiveRequest;
import io.reqprof.core.request.RequestFacts;
import io.reqprof.core.request.RequestProfile;
import io.reqprof.core.request.RequestTracker;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves synthetic requests to three endpoints on four worker threads with reqprof sampling, and
 * writes each request's profile (pprof, collapsed stacks, HTML flame graph) to a directory, then
 * prints the text summary of the slowest request per route.
 *
 * <p>Usage: {@code java -jar reqprof-sample-synthetic.jar [output-dir] [requests]}
 */
public final class SyntheticDemo {
    private SyntheticDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "reqprof-demo").toAbsolutePath();
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Files.createDirectories(out);

        Map<String, RequestProfile> slowestPerRoute = new ConcurrentHashMap<>();
        AtomicInteger written = new AtomicInteger();
        // The demo's requests last tens of milliseconds; a 10 ms wall interval (default 50 ms) gives
        // each of them enough wall samples to be worth opening.
        EngineConfig config = EngineConfig.builder().wallInterval(Duration.ofMillis(10)).build();
        try (SamplingSession session = SamplingSession.start(config)) {
            System.out.println("engine: " + session.engineInfo().describe());
            RequestTracker tracker = RequestTracker.attach(session, p -> {
                write(out, p);
                written.incrementAndGet();
                slowestPerRoute.merge(p.facts().route(), p,
                        (a, b) -> a.facts().elapsed().compareTo(b.facts().elapsed()) >= 0 ? a : b);
            });
            serve(tracker, requests);
            session.flush();
        }
        System.out.printf(Locale.ROOT, "%nwrote %d request profiles to %s%n", written.get(), out);
        for (RequestProfile p : slowestPerRoute.values()) {
            System.out.println();
            System.out.print(TextSummary.builder().restrictions(Restriction.limit(10)).build().render(p));
        }
        System.out.println();
        System.out.println("open an .html file in a browser, or: go tool pprof -top " + out + "/<file>.pb.gz");
    }

    private static void serve(RequestTracker tracker, int requests) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int n = i;
                done.add(workers.submit(() -> {
                    handle(tracker, n);
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
        } finally {
            workers.shutdown();
        }
    }

    /** What an adapter does around a handler: begin, bracket the work, end with the status. */
    private static void handle(RequestTracker tracker, int n) throws Exception {
        String[] call = switch (n % 3) {
            case 0 -> new String[] {"POST", "/api/process", "/api/process"};
            case 1 -> new String[] {"GET", "/api/users/" + n, "/api/users/{id}"};
            default -> new String[] {"GET", "/", "/"};
        };
        ActiveRequest r = tracker.begin(call[0], call[1], call[2]);
        long bracket = r.enter();
        try {
            switch (n % 3) {
                case 0 -> Endpoints.process(150_000 + (n % 4) * 50_000);
                case 1 -> Endpoints.user(n);
                default -> Endpoints.index();
            }
        } finally {
            r.exit(bracket);
            r.end(200);
        }
    }

    private static void write(Path dir, RequestProfile p) {
        RequestFacts f = p.facts();
        String base = String.format(Locale.ROOT, "%s.%s.%dms.%d.%s", f.method(), safe(f.path()),
                f.elapsed().toMillis(), f.start().getEpochSecond(), f.id());
        SampleType type = p.profile().totalCount(SampleType.CPU) > 0 ? SampleType.CPU : SampleType.WALL;
        try {
            try (OutputStream o = Files.newOutputStream(dir.resolve(base + ".pb.gz"))) {
                PprofEncoder.writeGzip(p.profile(), o);
            }
            Files.writeString(dir.resolve(base + ".collapsed"), CollapsedFormat.toCollapsed(p.profile(), type));
            Files.writeString(dir.resolve(base + ".html"),
                    HtmlFlameGraph.render(p.profile(), type, f.method() + " " + f.path() + " (" + f.elapsed().toMillis() + " ms)"));
        } catch (IOException e) {
            System.err.println("cannot write " + base + ": " + e);
        }
    }

    // The demo's paths are its own; real adapters get the hostile-input-safe naming of the dump writer.
    private static String safe(String path) {
        String s = path.replaceAll("^/+", "").replace('/', '.').replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "root" : s;
    }
}
