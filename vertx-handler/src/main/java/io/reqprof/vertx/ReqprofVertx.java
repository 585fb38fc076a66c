package io.reqprof.vertx;

import io.reqprof.core.config.Settings;
import io.reqprof.core.web.WebProfiler;
import io.reqprof.core.web.WebProfilerConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * reqprof for one {@link Vertx} instance: started once when the application boots, stopped when
 * {@code vertx.close()} runs (or by {@link #close()}).
 *
 * <pre>{@code
 * Vertx vertx = Vertx.vertx();
 * ReqprofVertx reqprof = ReqprofVertx.start(vertx, config().getJsonObject("reqprof", new JsonObject()));
 * router.route().handler(reqprof.handler());   // first on the router
 * }</pre>
 *
 * Or, when nothing needs configuring in code, the one line {@code router.route().handler(ReqprofHandler.create(vertx))}.
 *
 * <p><b>Settings</b>: the {@code reqprof.*} keys of docs/CONFIGURATION.md, read exactly as the
 * servlet filter reads them. First found wins: the configuration given here (a {@link JsonObject} or
 * map whose keys may leave out the {@code reqprof.} prefix; a JSON array value is a list) &gt; system
 * property &gt; environment variable ({@code REQPROF_PROFILE_DIR}) &gt; default. A
 * {@link WebProfilerConfig} is taken as it is. An invalid value fails {@code start} with an
 * {@link IllegalArgumentException} naming the setting.
 *
 * <p><b>Continuous profiling</b>: when the settings name a service ({@code reqprof.service}) and
 * {@code io.reqprof:reqprof-agent} is on the class path, {@code start} also starts the continuous
 * profiler ({@code io.reqprof.agent.Profiler}) from the same settings ({@code reqprof.target},
 * {@code reqprof.service-version}, ...), sharing the one sampling session, and closing stops it.
 * Without the agent jar a warning says so and only requests are profiled.
 *
 * <p><b>Stopping</b>: {@code start} deploys a small verticle whose undeployment (which
 * {@code vertx.close()} does) closes reqprof on a worker thread, writing the dumps of requests that
 * have ended. It shows up in {@code vertx.deploymentIDs()}. Started from inside a verticle, it is
 * that verticle's child deployment, so it also stops when that verticle is undeployed.
 *
 * <p>One per {@code Vertx}: a second {@code start} for the same instance fails; share this object
 * (or call {@link ReqprofHandler#create(Vertx)}, which reuses it) between routers.
 */
public final class ReqprofVertx implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.vertx");
    /** What error messages call settings given to {@link #start(Vertx, JsonObject)}. */
    static final String SOURCE_NAME = "Vert.x config";
    private static final Map<Vertx, ReqprofVertx> RUNNING = new ConcurrentHashMap<>();

    private final Vertx vertx;
    private final WebProfiler profiler;
    private final AutoCloseable continuous;
    private final ReqprofHandler handler;
    private volatile boolean closed;

    private ReqprofVertx(Vertx vertx, WebProfiler profiler, AutoCloseable continuous) {
        this.vertx = vertx;
        this.profiler = profiler;
        this.continuous = continuous;
        this.handler = new ReqprofHandler(profiler);
    }

    /** Starts with settings from system properties and environment variables only. */
    public static ReqprofVertx start(Vertx vertx) {
        return start(vertx, Settings.fromSystem());
    }

    /**
     * Starts with {@code config} (keys {@code reqprof.profile-dir} or {@code profile-dir}, ...) over
     * system properties and environment variables.
     */
    public static ReqprofVertx start(Vertx vertx, JsonObject config) {
        return start(vertx, VertxSettings.of(config).orElse(Settings.fromSystem()));
    }

    /** Like {@link #start(Vertx, JsonObject)} with a map of keys to values. */
    public static ReqprofVertx start(Vertx vertx, Map<String, ?> config) {
        return start(vertx, VertxSettings.of(config).orElse(Settings.fromSystem()));
    }

    /**
     * Starts request profiling with settings built in Java; system properties and environment are not
     * read, and no continuous profiler is started (start one with {@code io.reqprof.agent.Profiler}).
     */
    public static ReqprofVertx start(Vertx vertx, WebProfilerConfig config) {
        Objects.requireNonNull(config, "config");
        return boot(vertx, () -> WebProfiler.start(config), null);
    }

    /**
     * Starts with exactly these settings layers, e.g. an application's own defaults below the operator's:
     * {@code Settings.fromSystem().orElse(Settings.of("app default", Map.of("reqprof.profile-dir", "dumps")))}.
     */
    public static ReqprofVertx start(Vertx vertx, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        return boot(vertx, () -> WebProfiler.start(settings), settings);
    }

    /** The running instance for {@code vertx}, or a new one read from system properties and environment. */
    static ReqprofVertx runningOrStart(Vertx vertx) {
        synchronized (RUNNING) { // two routers set up at once must not both start one
            ReqprofVertx running = RUNNING.get(Objects.requireNonNull(vertx, "vertx"));
            return running != null ? running : start(vertx);
        }
    }

    private interface Starter {
        WebProfiler start();
    }

    /** Starts request profiling, then (with {@code settings}) the continuous profiler if they ask for it. */
    private static ReqprofVertx boot(Vertx vertx, Starter starter, Settings settings) {
        Objects.requireNonNull(vertx, "vertx");
        synchronized (RUNNING) {
            if (RUNNING.containsKey(vertx)) {
                throw new IllegalStateException("reqprof is already started for this Vertx; share its ReqprofVertx"
                        + " (ReqprofHandler.create(vertx) reuses it)");
            }
            WebProfiler profiler = starter.start();
            AutoCloseable continuous = null;
            try {
                if (settings != null) continuous = ContinuousProfiling.startIfConfigured(settings);
            } catch (RuntimeException e) {
                profiler.close(); // an invalid continuous setting fails the whole start, leaving nothing running
                throw e;
            }
            ReqprofVertx r = new ReqprofVertx(vertx, profiler, continuous);
            RUNNING.put(vertx, r);
            CloseWithVertx.deploy(vertx, r);
            return r;
        }
    }

    /** The handler to add first on a router: {@code router.route().handler(reqprof.handler())}. */
    public ReqprofHandler handler() {
        return handler;
    }

    /** The request profiler, e.g. for {@link WebProfiler#flush()} in tests. */
    public WebProfiler profiler() {
        return profiler;
    }

    /** Whether requests are being profiled (false when switched off, unsupported or closed). */
    public boolean enabled() {
        return !closed && profiler.enabled();
    }

    /**
     * Stops profiling: writes the dumps of requests that have ended, stops the continuous profiler this
     * instance started (which delivers its partial profiles) and releases the sampling session.
     * Blocks for up to a few seconds; called on a worker thread when {@code vertx.close()} runs.
     * Later calls do nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        RUNNING.remove(vertx, this);
        try {
            profiler.close(); // from now on begin() profiles nothing, so the handler passes requests through
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "reqprof request profiling did not stop cleanly", e);
        }
        try {
            if (continuous != null) continuous.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "reqprof continuous profiling did not stop cleanly", e);
        }
    }
}
