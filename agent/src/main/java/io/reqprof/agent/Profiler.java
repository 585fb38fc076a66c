package io.reqprof.agent;

import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.Backoff;
import io.reqprof.agent.upload.PeriodicCollector;
import io.reqprof.agent.upload.UploadStats;
import io.reqprof.agent.upload.Uploader;
import io.reqprof.agent.upload.cloud.CloudProfilerAgent;
import io.reqprof.agent.upload.cloud.OfflineSink;
import io.reqprof.agent.upload.dir.DirectorySink;
import io.reqprof.agent.upload.otlp.OtlpSink;
import io.reqprof.agent.upload.pyroscope.PyroscopeSink;
import io.reqprof.core.config.Settings;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.continuous.WindowAggregator;
import io.reqprof.core.engine.SamplingSession;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The continuous profiler: started once at boot, it samples the JVM and uploads profiles to the
 * configured target until closed. The Java counterpart of {@code googlecloudprofiler.start(...)}.
 *
 * <pre>{@code
 * Profiler.start(ProfilerConfig.builder().service("checkout").serviceVersion("1.4.2").build());
 * // or, from -Dreqprof.service=checkout / REQPROF_SERVICE=checkout and friends:
 * Profiler.start();
 * }</pre>
 *
 * <p>One per JVM (the one documented singleton): a second {@code start} with an equal config returns
 * the running profiler; with a different one it throws {@link IllegalStateException}. It shares the
 * JVM's {@link SamplingSession} with request profiling (servlet filter, Quarkus, Vert.x), joining one
 * that runs or starting one. On its own it samples only during the windows it collects (a paused
 * session costs nothing); with request profiling on, the session samples all the time anyway and the
 * windows are cut from that stream, with route labels. Everything runs on daemon threads and nothing waits for the network,
 * except, only on Google Cloud and only when the project id is needed and not given, one metadata
 * server look-up bounded by one second.
 */
public final class Profiler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.agent");
    private static final System.Logger START_LOG = System.getLogger("io.reqprof.start");
    /**
     * The project id sent to a Cloud Profiler v2 server other than Google's when none is configured;
     * it meets the API's project id rule (6 to 63 characters).
     */
    public static final String DEFAULT_PROJECT = "local-project";
    private static Profiler running;

    private final ProfilerConfig config;
    private final SamplingSession.Lease lease;
    private final WindowAggregator windows;
    private final Uploader uploader;
    private final List<ProfileType> types;
    private final UploadStats uploads;
    private boolean closed;

    private Profiler(ProfilerConfig config, SamplingSession.Lease lease, WindowAggregator windows, Uploader uploader,
                     List<ProfileType> types, UploadStats uploads) {
        this.config = config;
        this.lease = lease;
        this.windows = windows;
        this.uploader = uploader;
        this.types = types;
        this.uploads = uploads;
    }

    /**
     * Starts from {@code reqprof.*} system properties and {@code REQPROF_*} environment variables.
     *
     * @throws IllegalArgumentException      naming the invalid setting and its rule
     * @throws UnsupportedOperationException when an explicitly chosen engine (or live-heap profiling)
     *                                       cannot run here
     * @throws IllegalStateException         when a profiler with different settings is running
     */
    public static Profiler start() {
        return start(ProfilerConfig.from(Settings.fromSystem()));
    }

    /**
     * Starts with {@code config}, or returns the running profiler when it was started with an equal one.
     *
     * @throws IllegalArgumentException      when the target needs a project id and none is given,
     *                                       inferable from the environment or from the metadata server
     * @throws UnsupportedOperationException when the explicitly chosen engine cannot run here
     * @throws IllegalStateException         when a profiler with different settings is running
     */
    public static Profiler start(ProfilerConfig config) {
        return start(config, System::getenv);
    }

    static synchronized Profiler start(ProfilerConfig config, Function<String, String> env) {
        if (running != null) {
            if (running.config.equals(config)) return running;
            throw new IllegalStateException("a reqprof Profiler is already running with different settings ("
                    + running.config + "); close it before starting another");
        }
        Verbosity.apply(config.verbose());
        GceMetadata metadata = GceMetadata.locate(config.metadataUrl(), env);
        String project = config.projectId();
        if (project == null && config.target().kind() == UploadTarget.Kind.CLOUD) {
            project = metadata.projectId().orElseThrow(() -> new IllegalArgumentException("reqprof.project-id: "
                    + "is required for target cloud; set it, or GOOGLE_CLOUD_PROJECT, or run on Google Cloud"
                    + (metadata.onGcp() ? " (the metadata server did not answer)" : "")));
        }
        if (project == null && config.target().kind().isCloudProfilerApi()) {
            // Another Cloud Profiler v2 server (reqprof's collector): it still checks the project id's
            // rule, so an empty one would be rejected at every CreateProfile.
            project = metadata.onGcp() ? metadata.projectId().orElse(DEFAULT_PROJECT) : DEFAULT_PROJECT;
        }

        // On demand: the session samples only while a window is open (Cloud Profiler asks for 10 s of
        // one type a minute), unless request profiling shares it and keeps it sampling. The engine
        // still starts here, so one that cannot run fails now: UnsupportedOperationException.
        SamplingSession.Lease lease = SamplingSession.acquire(config.engine(), SamplingSession.Demand.ON_DEMAND);
        try {
            SamplingSession session = lease.session();
            WindowAggregator windows = WindowAggregator.attach(session);
            List<ProfileType> types = new ArrayList<>();
            for (ProfileType t : config.profileTypes()) {
                if (windows.canCollect(t)) types.add(t);
                else LOG.log(Level.WARNING, "reqprof cannot collect " + t + " profiles: the running sampling session ("
                        + session.engineInfo().describe() + ") does not sample them");
            }
            if (types.isEmpty()) {
                windows.close();
                throw new IllegalStateException("none of the profile types " + config.profileTypes()
                        + " is sampled by the running sampling session (" + session.engineInfo().describe() + ")");
            }
            AgentContext ctx = new AgentContext(config.service(), config.serviceVersion(), project,
                    zone(config, metadata), config.instance(), config.labels(), List.copyOf(types), windows,
                    config.uploadPeriod(), config.profileDuration(),
                    new Backoff.Policy(config.backoffInitial(), 1.3, config.backoffMax()), config.bearerToken(),
                    new UploadStats());
            Uploader uploader = uploader(config, ctx);
            Profiler p = new Profiler(config, lease, windows, uploader, List.copyOf(types), ctx.stats());
            uploader.start();
            running = p;
            // One line at any verbosity: what is profiled and where it goes. Its own logger, because
            // verbose=0 (Cloud Profiler's default) keeps io.reqprof.agent to errors.
            START_LOG.log(Level.INFO, "reqprof: continuous profiling of service '" + config.service() + "'"
                    + (config.serviceVersion() == null ? "" : " version '" + config.serviceVersion() + "'") + " (" + types + "; " + session.engineInfo().describe() + ") to "
                    + config.target() + (project != null ? ", project '" + project + "'" : ""));
            return p;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    /** The zone: configured, else asked of the metadata server once, lazily, on the uploader's thread. */
    private static Supplier<String> zone(ProfilerConfig config, GceMetadata metadata) {
        if (config.zone() != null || !metadata.onGcp()) {
            String z = config.zone();
            return () -> z;
        }
        return new Supplier<>() {
            private volatile boolean asked;
            private volatile String zone;

            @Override
            public String get() {
                if (!asked) {
                    zone = metadata.zone().orElse(null);
                    asked = true;
                }
                return zone;
            }
        };
    }

    private static Uploader uploader(ProfilerConfig config, AgentContext ctx) {
        UploadTarget t = config.target();
        return switch (t.kind()) {
            case CLOUD, GRPC_PLAINTEXT, GRPC_TLS -> config.offline()
                    ? new PeriodicCollector(ctx, new OfflineSink(t, ctx))
                    : new CloudProfilerAgent(t, ctx);
            case PYROSCOPE -> new PeriodicCollector(ctx, new PyroscopeSink(t.url(), ctx));
            case OTLP -> new PeriodicCollector(ctx, new OtlpSink(t.url(), ctx));
            case DIRECTORY -> new PeriodicCollector(ctx, new DirectorySink(t.directory(), ctx));
        };
    }

    /** The running profiler, or null. */
    public static synchronized Profiler current() {
        return running;
    }

    /** The settings this profiler was started with. */
    public ProfilerConfig config() {
        return config;
    }

    /** Profile types being collected: enabled and sampled by the session. */
    public List<ProfileType> profileTypes() {
        return types;
    }

    /** What the uploads have come to so far: accepted, failed, the last failure. */
    public UploadStats.Snapshot uploads() {
        return uploads.snapshot();
    }

    /** The upload job (for tests and diagnostics). */
    Uploader uploader() {
        return uploader;
    }

    /**
     * Stops uploading (push targets first deliver the partial profiles of the current period, within
     * a few seconds), detaches from the sampling session and releases this profiler's share of it.
     */
    @Override
    public void close() {
        synchronized (Profiler.class) {
            if (closed) return;
            closed = true;
            if (running == this) running = null;
        }
        try {
            uploader.close();
        } finally {
            windows.close();
            lease.close();
            LOG.log(Level.INFO, "reqprof profiler stopped");
        }
    }
}
