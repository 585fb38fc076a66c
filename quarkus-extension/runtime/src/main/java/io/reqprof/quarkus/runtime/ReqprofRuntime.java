package io.reqprof.quarkus.runtime;

import io.reqprof.core.config.Settings;
import io.reqprof.core.web.WebProfiler;
import io.reqprof.core.web.WebProfilerConfig;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What reqprof runs for one start of a Quarkus application: request profiling (a
 * {@link WebProfiler}, which holds a lease on the JVM's sampling session) and continuous profiling.
 * The one documented singleton of the extension: the HTTP filter, the REST handlers and the Dev UI
 * read {@link #current()}; a dev-mode live reload closes it and starts a new one.
 */
public final class ReqprofRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.quarkus");
    private static volatile ReqprofRuntime current;

    private final WebProfiler web;
    private final ContinuousProfiling continuous;
    private final boolean devMode;

    private ReqprofRuntime(WebProfiler web, ContinuousProfiling continuous, boolean devMode) {
        this.web = web;
        this.continuous = continuous;
        this.devMode = devMode;
    }

    /**
     * Starts reqprof with {@code config}, replacing (and closing) any runtime still registered.
     *
     * @throws IllegalArgumentException an invalid setting, named as the user wrote it
     */
    static ReqprofRuntime start(ReqprofConfig config, boolean devMode, Optional<String> appName, Optional<String> appVersion) {
        Map<String, String> explicit = QuarkusSettings.explicit(config);
        Settings settings = QuarkusSettings.of(config, devMode, appName, appVersion);
        WebProfiler web;
        try {
            web = WebProfiler.start(WebProfilerConfig.from(settings));
        } catch (IllegalArgumentException e) {
            throw QuarkusSettings.inQuarkusTerms(e, explicit);
        }
        ContinuousProfiling continuous;
        try {
            continuous = ContinuousProfiling.start(settings, devMode);
        } catch (RuntimeException e) {
            web.close();
            throw e instanceof IllegalArgumentException iae ? QuarkusSettings.inQuarkusTerms(iae, explicit) : e;
        }
        ReqprofRuntime r = new ReqprofRuntime(web, continuous, devMode);
        ReqprofRuntime old;
        synchronized (ReqprofRuntime.class) {
            old = current;
            current = r;
        }
        if (old != null) {
            LOG.log(System.Logger.Level.WARNING, "reqprof: a previous start was not shut down; closing it now");
            old.close();
        }
        return r;
    }

    /** The running instance, or null before start and after shutdown. */
    public static ReqprofRuntime current() {
        return current;
    }

    /** Request profiling; never null (a disabled profiler passes every request through). */
    public WebProfiler web() {
        return web;
    }

    /** Where dumps are written, or null when no directory is configured. */
    public Path profileDir() {
        return web.enabled() ? web.config().dumps().profileDir() : null;
    }

    /** Whether the application runs in dev mode. */
    public boolean devMode() {
        return devMode;
    }

    /** URL of the collector's web UI when one runs for this application. */
    public Optional<String> collectorUrl() {
        return continuous.collectorUrl();
    }

    /** Stops continuous and request profiling; the sampling session closes with its last lease. */
    @Override
    public void close() {
        synchronized (ReqprofRuntime.class) {
            if (current == this) current = null;
        }
        try {
            continuous.close();
        } finally {
            web.close();
        }
    }
}
