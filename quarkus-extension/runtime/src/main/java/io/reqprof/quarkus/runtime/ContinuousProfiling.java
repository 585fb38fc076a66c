package io.reqprof.quarkus.runtime;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.core.config.Settings;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.Optional;

/**
 * Continuous profiling for the application: reads {@code reqprof.target} and starts reqprof's agent
 * ({@link Profiler}) with the application's settings, sharing the sampling session with request
 * profiling. {@code none} runs nothing. {@code collector} means the embedded collector of issue #5,
 * started in-process in dev mode; until that module is part of the build, it runs nothing and says
 * so once.
 */
class ContinuousProfiling implements AutoCloseable {
    /** The embedded collector (issue #5), looked up by name so the extension builds without it. */
    static final String COLLECTOR_CLASS = "io.reqprof.collector.Collector";
    private static final System.Logger LOG = System.getLogger("io.reqprof.quarkus");
    private static final ContinuousProfiling OFF = new ContinuousProfiling(null);

    private final Profiler profiler;

    private ContinuousProfiling(Profiler profiler) {
        this.profiler = profiler;
    }

    /**
     * Starts continuous profiling as {@code settings} ask; never null.
     *
     * @throws IllegalArgumentException naming an invalid {@code reqprof.*} setting of the agent
     */
    static ContinuousProfiling start(Settings settings, boolean devMode) {
        String target = settings.string("reqprof.target", "none").trim();
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) return OFF;
        if (lower.equals("collector")) {
            LOG.log(devMode ? Level.INFO : Level.WARNING, "reqprof: continuous profiling to an embedded collector"
                    + " needs " + COLLECTOR_CLASS + " (issue #5), which is not in this build; continuous profiling is off."
                    + " Set quarkus.reqprof.continuous.target to another target, or none to silence this.");
            return OFF;
        }
        Profiler p = Profiler.start(ProfilerConfig.from(settings));
        LOG.log(Level.INFO, "reqprof: continuous profiling of service '" + p.config().service() + "' to " + target);
        return new ContinuousProfiling(p);
    }

    /** URL of the collector's web UI when this instance started one. */
    Optional<String> collectorUrl() {
        return Optional.empty();
    }

    /** Whether continuous profiles are being uploaded. */
    boolean running() {
        return profiler != null;
    }

    @Override
    public void close() {
        if (profiler != null) profiler.close();
    }
}
