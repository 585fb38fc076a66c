package io.reqprof.quarkus.runtime;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.collector.Collector;
import io.reqprof.collector.CollectorConfig;
import io.reqprof.core.config.Settings;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Continuous profiling for the application: reads {@code reqprof.target} and starts reqprof's agent
 * ({@link Profiler}), which shares the sampling session with request profiling. {@code none} runs
 * nothing. {@code collector} (dev mode's default) first starts reqprof's {@link Collector} in-process
 * on free loopback ports — the Dev Services idea — and points the agent at it; its web UI is linked
 * from the Dev UI. Outside dev mode {@code collector} is refused with a warning.
 */
final class ContinuousProfiling implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.quarkus");
    private static final ContinuousProfiling OFF = new ContinuousProfiling(null, null);
    /** Project id reported to the embedded collector when none is configured. */
    static final String DEV_PROJECT = "quarkus-dev";

    private final Profiler profiler;
    private final Collector collector;

    private ContinuousProfiling(Profiler profiler, Collector collector) {
        this.profiler = profiler;
        this.collector = collector;
    }

    /**
     * Starts continuous profiling as {@code settings} ask; never null.
     *
     * @throws IllegalArgumentException naming an invalid {@code reqprof.*} setting of the agent or collector
     */
    static ContinuousProfiling start(Settings settings, boolean devMode) {
        String target = settings.string("reqprof.target", "none").trim();
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) return OFF;
        if (!lower.equals("collector")) {
            Profiler p = Profiler.start(ProfilerConfig.from(settings));
            LOG.log(Level.INFO, "reqprof: continuous profiling of service '" + p.config().service() + "' to " + target);
            return new ContinuousProfiling(p, null);
        }
        if (!devMode) {
            LOG.log(Level.WARNING, "reqprof: continuous target 'collector' starts an embedded collector in dev mode only;"
                    + " continuous profiling is off. Point quarkus.reqprof.continuous.target at a collector (grpc://host:port).");
            return OFF;
        }
        return startWithEmbeddedCollector(settings);
    }

    private static ContinuousProfiling startWithEmbeddedCollector(Settings settings) {
        Collector c;
        try {
            // the collector's UI can browse the request dumps too
            Settings withDumps = settings.get("reqprof.profile-dir")
                    .map(dir -> Settings.of("request profiling", Map.of("reqprof.collector.dump-dir", dir)).orElse(settings))
                    .orElse(settings);
            c = Collector.start(CollectorConfig.from(withDumps));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "reqprof: the embedded collector could not start (" + e + "); continuous profiling is off");
            return OFF;
        }
        try {
            String grpc = "grpc://" + c.config().host() + ":" + c.grpcPort();
            // the collector, like Cloud Profiler, wants a project id; a local one unless the user set one
            Profiler p = Profiler.start(ProfilerConfig.from(Settings.of("embedded collector", Map.of("reqprof.target", grpc))
                    .orElse(settings)
                    .orElse(Settings.of("embedded collector default", Map.of("reqprof.project-id", DEV_PROJECT)))));
            LOG.log(Level.INFO, "reqprof: continuous profiling of service '" + p.config().service()
                    + "' to the embedded collector, UI at " + url(c));
            return new ContinuousProfiling(p, c);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private static String url(Collector c) {
        return "http://" + c.config().host() + ":" + c.httpPort() + "/";
    }

    /** URL of the collector's web UI when this instance started one. */
    Optional<String> collectorUrl() {
        return collector == null ? Optional.empty() : Optional.of(url(collector));
    }

    @Override
    public void close() {
        try {
            if (profiler != null) profiler.close();
        } finally {
            if (collector != null) closeQuietly(collector);
        }
    }

    private static void closeQuietly(Collector c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "reqprof: closing the embedded collector failed: " + e);
        }
    }
}
