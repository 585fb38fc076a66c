package io.reqprof.agent;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Cloud Profiler's endpoint: the generated service base class served over real gRPC
 * (Netty, TCP on 127.0.0.1). Each CreateProfile takes the next scripted answer; with none left it
 * answers ABORTED with a ten-minute RetryInfo, which parks the agent.
 */
final class FakeCloudProfiler extends ProfilerServiceGrpc.ProfilerServiceImplBase implements AutoCloseable {
    static final Metadata.Key<RetryInfo> RETRY_INFO =
            Metadata.Key.of("google.rpc.retryinfo-bin", ProtoUtils.metadataMarshaller(RetryInfo.getDefaultInstance()));

    /** What a CreateProfile call gets. */
    sealed interface Answer permits Give, Fail { }

    record Give(ProfileType type, Duration duration) implements Answer { }

    record Fail(Status status, Duration retryDelay) implements Answer { }

    record Received<T>(T request, long nanoTime) { }

    final BlockingQueue<Answer> script = new LinkedBlockingQueue<>();
    final BlockingQueue<Received<CreateProfileRequest>> creates = new LinkedBlockingQueue<>();
    final BlockingQueue<Received<UpdateProfileRequest>> updates = new LinkedBlockingQueue<>();
    final BlockingQueue<Received<CreateOfflineProfileRequest>> offline = new LinkedBlockingQueue<>();
    final BlockingQueue<Metadata> headers = new LinkedBlockingQueue<>();
    private final Server server;
    private int ids;

    FakeCloudProfiler() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this)
                .intercept(new io.grpc.ServerInterceptor() {
                    @Override
                    public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata h,
                                                                               io.grpc.ServerCallHandler<Q, A> next) {
                        headers.add(h);
                        return next.startCall(call, h);
                    }
                }).build().start();
    }

    String target() {
        return "grpc://127.0.0.1:" + server.getPort();
    }

    @Override
    public void createProfile(CreateProfileRequest request, StreamObserver<Profile> response) {
        creates.add(new Received<>(request, System.nanoTime()));
        Answer a = script.poll();
        if (a == null) a = new Fail(Status.ABORTED, Duration.ofMinutes(10));
        if (a instanceof Give g) {
            response.onNext(Profile.newBuilder().setName("projects/p/profiles/" + (++ids)).setProfileType(g.type())
                    .setDeployment(request.getDeployment())
                    .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(g.duration().getSeconds())
                            .setNanos(g.duration().getNano()))
                    .build());
            response.onCompleted();
        } else if (a instanceof Fail f) {
            Metadata trailers = new Metadata();
            if (f.retryDelay() != null) {
                trailers.put(RETRY_INFO, RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(f.retryDelay().getSeconds()).setNanos(f.retryDelay().getNano())).build());
            }
            response.onError(f.status().asRuntimeException(trailers));
        }
    }

    @Override
    public void updateProfile(UpdateProfileRequest request, StreamObserver<Profile> response) {
        updates.add(new Received<>(request, System.nanoTime()));
        response.onNext(request.getProfile());
        response.onCompleted();
    }

    @Override
    public void createOfflineProfile(CreateOfflineProfileRequest request, StreamObserver<Profile> response) {
        offline.add(new Received<>(request, System.nanoTime()));
        response.onNext(request.getProfile());
        response.onCompleted();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
