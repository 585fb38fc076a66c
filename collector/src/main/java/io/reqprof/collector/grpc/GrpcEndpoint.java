package io.reqprof.collector.grpc;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.reqprof.collector.ingest.ProfileIntake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The gRPC server: ProfilerService, the bearer check when a token is set, message size cap. */
public final class GrpcEndpoint implements AutoCloseable {
    private final Server server;
    private final ScheduledExecutorService timer;

    private GrpcEndpoint(Server server, ScheduledExecutorService timer) {
        this.server = server;
        this.timer = timer;
    }

    /**
     * Starts serving.
     *
     * @param token    required bearer token, or null for none
     * @param period   one profile per period per deployment
     * @param duration how long each profile is
     */
    public static GrpcEndpoint start(String host, int port, String token, ProfileIntake intake, Duration period,
                                     Duration duration) throws IOException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reqprof-collector-scheduler");
            t.setDaemon(true);
            return t;
        });
        ProfilerServiceImpl service = new ProfilerServiceImpl(intake, period, duration, timer);
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                // room for the profile plus the rest of the request
                .maxInboundMessageSize(intake.limits().maxCompressedBytes() + (1 << 20))
                .maxInboundMetadataSize(64 * 1024)
                // agents hold CreateProfile open for up to an hour
                .permitKeepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        if (token != null) b.addService(ServerInterceptors.intercept(service, new BearerAuth(token)));
        else b.addService(service);
        try {
            return new GrpcEndpoint(b.build().start(), timer);
        } catch (IOException e) {
            timer.shutdownNow();
            throw e;
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        timer.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
