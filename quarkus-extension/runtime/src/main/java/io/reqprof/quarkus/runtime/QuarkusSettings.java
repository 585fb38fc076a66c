package io.reqprof.quarkus.runtime;

import io.reqprof.core.config.Settings;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@code quarkus.reqprof.*} configuration into reqprof's {@link Settings}, so that core
 * parses and validates every value exactly as in the other adapters. Layers, first wins: the
 * Quarkus configuration (which already folds in {@code -Dquarkus.reqprof.*} and
 * {@code QUARKUS_REQPROF_*}), then {@code -Dreqprof.*} and {@code REQPROF_*}, then the Quarkus
 * defaults of {@link #defaults}.
 */
public final class QuarkusSettings {
    /** How core's error messages name values that came from the Quarkus configuration. */
    static final String SOURCE = "Quarkus configuration";

    private QuarkusSettings() {
    }

    /**
     * The settings for this application.
     *
     * @param devMode    whether the application runs in dev mode ({@code quarkus:dev})
     * @param appName    {@code quarkus.application.name}, if set
     * @param appVersion {@code quarkus.application.version}, if set
     */
    public static Settings of(ReqprofConfig c, boolean devMode, Optional<String> appName, Optional<String> appVersion) {
        return Settings.of(SOURCE, explicit(c))
                .orElse(Settings.fromSystem())
                .orElse(Settings.of("Quarkus default", defaults(devMode, appName, appVersion)));
    }

    /** The values set in the Quarkus configuration, keyed by their {@code reqprof.*} names. */
    static Map<String, String> explicit(ReqprofConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "enabled", c.requests().enabled());
        put(m, "engine", c.engine());
        put(m, "cpu-interval", c.cpuInterval());
        put(m, "wall-interval", c.wallInterval());
        put(m, "wall", c.wall());
        put(m, "alloc-interval", c.allocInterval());
        put(m, "lock-threshold", c.lockThreshold());
        put(m, "chunk-period", c.chunkPeriod());
        put(m, "temp-dir", c.tempDir());
        put(m, "async-profiler-library", c.asyncProfilerLibrary());
        put(m, "profile-dir", c.profileDir());
        put(m, "filename-format", c.filenameFormat());
        put(m, "formats", c.formats());
        put(m, "stream", c.stream());
        put(m, "sort-by", c.sortBy());
        put(m, "restrictions", c.restrictions());
        put(m, "min-elapsed", c.minElapsed());
        put(m, "include-paths", c.includePaths());
        put(m, "exclude-paths", c.excludePaths());
        put(m, "methods", c.methods());
        put(m, "status", c.status());
        put(m, "sample-one-in", c.sampleOneIn());
        put(m, "max-dumps-per-minute", c.maxDumpsPerMinute());
        put(m, "trigger-header", c.triggerHeader());
        put(m, "trigger-secret", c.triggerSecret());
        put(m, "server-timing", c.serverTiming());
        put(m, "retention.max-files", c.retention().maxFiles());
        put(m, "retention.max-bytes", c.retention().maxBytes());
        put(m, "target", c.continuous().target());
        put(m, "service", c.continuous().service());
        ReqprofConfig.Continuous k = c.continuous();
        put(m, "service-version", k.version());
        put(m, "project-id", k.projectId());
        put(m, "zone", k.zone());
        put(m, "instance", k.instance());
        put(m, "labels", k.labels());
        put(m, "profile-cpu", k.profileCpu());
        put(m, "profile-wall", k.profileWall());
        put(m, "profile-alloc", k.profileAlloc());
        put(m, "profile-contention", k.profileContention());
        put(m, "offline", k.offline());
        put(m, "upload-period", k.uploadPeriod());
        put(m, "bearer-token", k.bearerToken());
        put(m, "verbose", k.verbose());
        ReqprofConfig.Collector col = c.collector();
        put(m, "collector.grpc-port", col.grpcPort());
        put(m, "collector.http-port", col.httpPort());
        put(m, "collector.data-dir", col.dataDir());
        put(m, "collector.period", col.period());
        put(m, "collector.profile-duration", col.profileDuration());
        return m;
    }

    /**
     * Quarkus's defaults: service and version from the application; {@code /q/**} excluded from
     * dumps; in dev mode request profiling
     * on, dumps (pprof and HTML) under {@code target/reqprof} and continuous profiles to the
     * embedded collector on free loopback ports, storing under {@code target/reqprof-collector};
     * otherwise request profiling off and no continuous target.
     */
    static Map<String, String> defaults(boolean devMode, Optional<String> appName, Optional<String> appVersion) {
        Map<String, String> m = new HashMap<>();
        appName.ifPresent(v -> m.put("reqprof.service", v));
        appVersion.ifPresent(v -> m.put("reqprof.service-version", v));
        m.put("reqprof.enabled", Boolean.toString(devMode));
        // Quarkus's own endpoints (Dev UI, health, metrics) are not the application's requests.
        m.put("reqprof.exclude-paths", "/q/**");
        if (devMode) {
            m.put("reqprof.profile-dir", Path.of("target", "reqprof").toAbsolutePath().toString());
            m.put("reqprof.formats", "pprof,html");
            m.put("reqprof.target", "collector");
            m.put("reqprof.collector.host", "127.0.0.1");
            m.put("reqprof.collector.grpc-port", "0");
            m.put("reqprof.collector.http-port", "0");
            m.put("reqprof.collector.data-dir", Path.of("target", "reqprof-collector").toAbsolutePath().toString());
            m.put("reqprof.collector.period", "15s");
            m.put("reqprof.collector.profile-duration", "10s");
        } else {
            m.put("reqprof.target", "none");
        }
        return m;
    }

    private static void put(Map<String, String> m, String key, Optional<String> value) {
        value.ifPresent(v -> m.put("reqprof." + key, v));
    }

    /**
     * Core names a setting by its {@code reqprof.*} key; when the user set it as
     * {@code quarkus.reqprof.*}, the message names that instead.
     *
     * @param explicit the values from the Quarkus configuration ({@link #explicit})
     */
    static IllegalArgumentException inQuarkusTerms(IllegalArgumentException e, Map<String, String> explicit) {
        String msg = e.getMessage();
        int colon = msg == null ? -1 : msg.indexOf(':');
        if (colon < 0 || !explicit.containsKey(msg.substring(0, colon))) return e;
        String from = "(from " + SOURCE + " reqprof.";
        IllegalArgumentException q = new IllegalArgumentException(
                "quarkus." + msg.replace(from, "(from " + SOURCE + " quarkus.reqprof."), e);
        return q;
    }
}
