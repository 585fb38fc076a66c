package io.reqprof.collector;

import io.reqprof.collector.grpc.GrpcEndpoint;
import io.reqprof.collector.http.HttpEndpoint;
import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.store.ProfileStore;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running collector: the profile store, the Cloud Profiler gRPC server and the HTTP server
 * (Pyroscope ingest, JSON API, web UI).
 *
 * <pre>{@code
 * try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).build())) {
 *     String ui = "http://127.0.0.1:" + c.httpPort() + "/";
 *     // point agents at 127.0.0.1:c.grpcPort()
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Collector.class.getName());

    private final CollectorConfig config;
    private final ProfileStore store;
    private final GrpcEndpoint grpc;
    private final HttpEndpoint http;
    private final ScheduledExecutorService housekeeping;
    private final ProfileIntake intake;

    private Collector(CollectorConfig config, ProfileStore store, ProfileIntake intake, GrpcEndpoint grpc, HttpEndpoint http,
                      ScheduledExecutorService housekeeping) {
        this.config = config;
        this.intake = intake;
        this.store = store;
        this.grpc = grpc;
        this.http = http;
        this.housekeeping = housekeeping;
    }

    /**
     * Opens the store (recovering from any crash) and starts both servers.
     *
     * @throws IOException when the store cannot be opened or a port cannot be bound; nothing is left running
     */
    public static Collector start(CollectorConfig config) throws IOException {
        ProfileStore store = ProfileStore.open(config.dataDir(), config.retentionAge(), config.retentionBytes());
        GrpcEndpoint grpc = null;
        try {
            ProfileIntake intake = new ProfileIntake(store, config.limits());
            grpc = GrpcEndpoint.start(config.host(), config.grpcPort(), config.token(), intake, config.period(),
                    config.profileDuration());
            HttpEndpoint http = HttpEndpoint.start(config.host(), config.httpPort(), config.token(), intake, config.dumpDir(),
                    config.httpTimeout(), config.mergeBudget());
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "reqprof-collector-retention");
                t.setDaemon(true);
                return t;
            });
            housekeeping.scheduleWithFixedDelay(() -> {
                try {
                    store.enforceRetention(System.currentTimeMillis());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "retention failed", e);
                }
            }, 1, 1, TimeUnit.MINUTES);
            Collector c = new Collector(config, store, intake, grpc, http, housekeeping);
            c.announce();
            return c;
        } catch (IOException | RuntimeException e) {
            if (grpc != null) grpc.close();
            store.close();
            throw e;
        }
    }

    private void announce() {
        LOG.info("reqprof collector: gRPC (Cloud Profiler v2) on " + config.host() + ":" + grpcPort()
                + ", HTTP (UI, API, Pyroscope /ingest) on http://" + config.host() + ":" + httpPort() + "/"
                + ", store " + config.dataDir().toAbsolutePath() + " (" + store.size() + " profiles)"
                + ", one profile per " + config.period().toSeconds() + " s per deployment");
        if (config.token() != null) {
            LOG.info("reqprof collector: every gRPC and HTTP call needs 'Bearer <token>'");
        } else if (!config.loopback()) {
            LOG.warning("reqprof collector: running OPEN on " + config.host()
                    + " without a token: anyone who can reach this address can upload and read profiles");
        }
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return grpc.port();
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return http.port();
    }

    /** The configuration it runs with. */
    public CollectorConfig config() {
        return config;
    }

    /** The profile store, for in-process users such as tests and the demo. */
    public ProfileStore store() {
        return store;
    }

    /** The upload path and its gate, for tests. */
    ProfileIntake intake() {
        return intake;
    }

    /** Stops both servers and closes the store; every acknowledged profile is already on disk. */
    @Override
    public void close() throws IOException {
        housekeeping.shutdownNow();
        http.close();
        grpc.close();
        store.close();
    }
}
