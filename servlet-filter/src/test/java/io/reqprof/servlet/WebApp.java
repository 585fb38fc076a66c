package io.reqprof.servlet;

import io.reqprof.core.config.Settings;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The test web application ({@link TestServlets} plus the filter) running on one real container,
 * with helpers to call it and read its dump directory. Closing it checks that the profiler holds no
 * request any more (the in-flight table is empty) before stopping the server.
 */
final class WebApp implements AutoCloseable {
    /**
     * How long a test waits for a dump. A dump is written about 2 s after its response on an idle
     * machine; on two loaded cores, 50 concurrent dumps took longer than 5 s, so the deadline only
     * catches a dump that never comes.
     */
    static final long DEADLINE_MS = 30_000;

    final Container container;
    final Container.RunningServer server;
    final Path dumpDir;
    private final List<ReqprofFilter> filters;

    private WebApp(Container container, Container.RunningServer server, Path dumpDir, List<ReqprofFilter> filters) {
        this.container = container;
        this.server = server;
        this.dumpDir = dumpDir;
        this.filters = filters;
    }

    static Builder on(Container container, Path work) {
        return new Builder(container, work);
    }

    /** A rest-assured request to this app on 127.0.0.1 (never "localhost", which may be ::1). */
    RequestSpecification http() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(server.port());
    }

    /** The first filter instance the test registered. */
    ReqprofFilter filter() {
        return filters.get(0);
    }

    /** Reads the samples taken so far and writes pending dumps: after it, a missing dump is missing for good. */
    void flush() {
        for (ReqprofFilter f : filters) f.profiler().flush();
    }

    /** One {@code index.jsonl} line. */
    record Dump(String id, String method, String path, String route, int status, double elapsedMs, List<String> files,
                boolean triggered) {
        Path file(Path dir, String ext) {
            return files.stream().filter(f -> f.endsWith(ext)).map(dir::resolve).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + ext + " file in " + files));
        }
    }

    /** The dumps {@code index.jsonl} lists now, one per line. */
    List<Dump> index() {
        Path index = dumpDir.resolve("index.jsonl");
        if (!Files.exists(index)) return List.of();
        List<Dump> dumps = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                JsonPath j = JsonPath.from(line);
                Dump d = new Dump(j.getString("id"), j.getString("method"), j.getString("path"), j.getString("route"),
                        j.getInt("status"), j.getDouble("elapsed_ms"), j.getList("files", String.class),
                        Boolean.TRUE.equals(j.get("triggered")));
                dumps.add(d);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + index, e);
        }
        return dumps;
    }

    /** Polls the index until {@code count} dumps match {@code which}, failing after {@link #DEADLINE_MS}. */
    List<Dump> awaitDumps(int count, Predicate<Dump> which) {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        List<Dump> found;
        while ((found = index().stream().filter(which).toList()).size() < count) {
            if (System.currentTimeMillis() > deadline) {
                fail("expected " + count + " dumps within " + DEADLINE_MS + " ms, found " + found.size() + " of " + index()
                        + " on " + server.describe());
            }
            sleepBriefly();
        }
        return found;
    }

    /** Polls until {@code count} dumps exist for {@code path}. */
    List<Dump> awaitDumps(int count, String path) {
        return awaitDumps(count, d -> d.path().equals(path));
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (server.startFailure() == null) {
                flush();
                for (ReqprofFilter f : filters) {
                    assertEquals(0, f.profiler().inFlight(), "requests left in the profiler's in-flight table on " + server.describe());
                }
            }
        } finally {
            server.close();
        }
    }

    static final class Builder {
        private final Container container;
        private final Path work;
        private final Map<String, String> filterParams = new LinkedHashMap<>();
        private final Map<String, String> contextParams = new LinkedHashMap<>();
        private final List<ServletContainerInitializer> extra = new ArrayList<>();
        private int copies = 1;
        private Settings defaults = Settings.empty();

        private Builder(Container container, Path work) {
            this.container = container;
            this.work = work;
            filterParams.put("reqprof.profile-dir", work.resolve("dumps").toString());
            filterParams.put("reqprof.formats", "pprof");
        }

        Builder filterParam(String key, String value) {
            if (value == null) filterParams.remove(key);
            else filterParams.put(key, value);
            return this;
        }

        Builder contextParam(String key, String value) {
            contextParams.put(key, value);
            return this;
        }

        /** How many ReqprofFilters the test registers itself (0: none; 2: double registration). */
        Builder filters(int copies) {
            this.copies = copies;
            return this;
        }

        /** Programmatic defaults for the filter, the lowest settings layer. */
        Builder defaults(Settings defaults) {
            this.defaults = defaults;
            return this;
        }

        /** Runs {@code sci} too (e.g. reqprof's own {@link ReqprofInitializer}), after the test app's. */
        Builder initializer(ServletContainerInitializer sci) {
            extra.add(sci);
            return this;
        }

        WebApp start() throws Exception {
            List<ReqprofFilter> filters = new CopyOnWriteArrayList<>();
            ServletContainerInitializer app = (classes, ctx) -> {
                TestServlets.addTo(ctx);
                for (int i = 0; i < copies; i++) {
                    ReqprofFilter f = new ReqprofFilter(defaults);
                    FilterRegistration.Dynamic r = i == 0 ? ReqprofRegistration.addTo(ctx, f) : ctx.addFilter("reqprof-" + (i + 1), f);
                    if (i > 0) {
                        r.setAsyncSupported(true);
                        r.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), true, "/*");
                    }
                    filterParams.forEach(r::setInitParameter);
                    filters.add(f);
                }
            };
            List<ServletContainerInitializer> all = new ArrayList<>();
            all.add(app);
            all.addAll(extra);
            Path dumps = Path.of(filterParams.getOrDefault("reqprof.profile-dir", work.resolve("dumps").toString()));
            return new WebApp(container, container.start(contextParams, all, work), dumps, filters);
        }
    }
}
