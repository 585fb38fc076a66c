package io.reqprof.collector.grpc;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.protobuf.ByteString;
import com.google.protobuf.FieldMask;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.reqprof.collector.ingest.ProfileIntake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gRPC server: ProfilerService, the bearer check when a token is set, message size cap, and
 * {@value #CALL_THREADS} threads for calls. grpc-java parses a request on the thread that runs its
 * call, so the thread count bounds the uploads held on the heap at once (each up to
 * {@code --max-upload-bytes}); CreateProfile's long poll waits without a thread.
 */
public final class GrpcEndpoint implements AutoCloseable {
    static final int CALL_THREADS = 4;
    private final Server server;
    private final ScheduledExecutorService timer;
    private final ExecutorService calls;

    private GrpcEndpoint(Server server, ScheduledExecutorService timer, ExecutorService calls) {
        this.server = server;
        this.timer = timer;
        this.calls = calls;
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
        initializeMessageClasses();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reqprof-collector-scheduler");
            t.setDaemon(true);
            return t;
        });
        ProfilerServiceImpl service = new ProfilerServiceImpl(intake, period, duration, timer);
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor calls = (ThreadPoolExecutor) Executors.newFixedThreadPool(CALL_THREADS, r -> {
            Thread t = new Thread(r, "reqprof-collector-grpc-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        calls.prestartAllCoreThreads(); // always the same threads, whatever the load so far
        NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
                .executor(calls)
                .maxConcurrentCallsPerConnection(64)
                // room for the profile plus the rest of the request
                .maxInboundMessageSize(intake.limits().maxCompressedBytes() + (1 << 20))
                .maxInboundMetadataSize(64 * 1024)
                // agents hold CreateProfile open for up to an hour
                .permitKeepAliveTime(30, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        if (token != null) b.addService(ServerInterceptors.intercept(service, new BearerAuth(token)));
        else b.addService(service);
        try {
            return new GrpcEndpoint(b.build().start(), timer, calls);
        } catch (IOException e) {
            timer.shutdownNow();
            calls.shutdownNow();
            throw e;
        }
    }

    /**
     * Every request and response of the service through its marshaller once, with every field set,
     * so that the generated classes are initialized now: a class whose static initializer fails
     * for want of heap (the first upload arriving in a storm) stays unusable for the life of the
     * JVM, and every later call would fail with NoClassDefFoundError.
     */
    private static void initializeMessageClasses() {
        Deployment deployment = Deployment.newBuilder().setProjectId("p").setTarget("t").putLabels("k", "v").build();
        Profile profile = Profile.newBuilder().setName("n").setProfileType(ProfileType.CPU).setDeployment(deployment)
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(1))
                .setProfileBytes(ByteString.copyFromUtf8("x")).putLabels("k", "v").build();
        roundTrip(ProfilerServiceGrpc.getCreateOfflineProfileMethod(),
                CreateOfflineProfileRequest.newBuilder().setParent("projects/p").setProfile(profile).build(), profile);
        roundTrip(ProfilerServiceGrpc.getCreateProfileMethod(), CreateProfileRequest.newBuilder().setParent("projects/p")
                .setDeployment(deployment).addProfileType(ProfileType.CPU).build(), profile);
        roundTrip(ProfilerServiceGrpc.getUpdateProfileMethod(), UpdateProfileRequest.newBuilder().setProfile(profile)
                .setUpdateMask(FieldMask.newBuilder().addPaths("labels")).build(), profile);
    }

    private static <Q, R> void roundTrip(MethodDescriptor<Q, R> method, Q request, R response) {
        method.parseRequest(method.streamRequest(request));
        method.parseResponse(method.streamResponse(response));
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        timer.shutdownNow();
        calls.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
