package io.reqprof.agent.upload.cloud;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.rpc.RetryInfo;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.auth.MoreCallCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.reqprof.agent.UploadTarget;
import io.reqprof.agent.upload.AgentContext;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Cloud Profiler v2 API as the agent uses it: channel, credentials, deployment, type mapping
 * and the server's retry hint. Shared by the server-driven loop and offline mode.
 */
final class CloudApi {
    /** Scope Google's agents request for Cloud Profiler. */
    static final String SCOPE = "https://www.googleapis.com/auth/monitoring.write";
    /** Trailer carrying {@code google.rpc.RetryInfo} on ABORTED. */
    static final Metadata.Key<RetryInfo> RETRY_INFO =
            Metadata.Key.of("google.rpc.retryinfo-bin", ProtoUtils.metadataMarshaller(RetryInfo.getDefaultInstance()));
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final UploadTarget target;
    private final AgentContext ctx;
    private final ManagedChannel channel;
    private volatile ProfilerServiceGrpc.ProfilerServiceBlockingStub stub;
    private volatile ProfilerServiceGrpc.ProfilerServiceFutureStub futureStub;
    private volatile io.grpc.CallCredentials callCredentials;

    CloudApi(UploadTarget target, AgentContext ctx) {
        this.target = target;
        this.ctx = ctx;
        NettyChannelBuilder b = NettyChannelBuilder.forTarget(target.authority()).userAgent("reqprof-agent");
        if (target.kind() == UploadTarget.Kind.GRPC_PLAINTEXT) b.usePlaintext();
        else b.useTransportSecurity();
        if (ctx.bearerToken() != null) b.intercept(bearer(ctx.bearerToken()));
        this.channel = b.build(); // lazy: connects on the first call, on the agent's thread
    }

    /**
     * The stub, with Google credentials for the {@code cloud} target unless a bearer token was given.
     * Loading Application Default Credentials may read files or ask the metadata server, so it happens
     * here, on the agent thread, and is retried with the loop's backoff when it fails.
     */
    ProfilerServiceGrpc.ProfilerServiceBlockingStub stub() throws IOException {
        ProfilerServiceGrpc.ProfilerServiceBlockingStub s = stub;
        if (s == null) stub = s = authorized(ProfilerServiceGrpc.newBlockingStub(channel));
        return s;
    }

    /** The same as {@link #stub()}, for a call the agent thread waits on in steps (the CreateProfile long poll). */
    ProfilerServiceGrpc.ProfilerServiceFutureStub futureStub() throws IOException {
        ProfilerServiceGrpc.ProfilerServiceFutureStub s = futureStub;
        if (s == null) futureStub = s = authorized(ProfilerServiceGrpc.newFutureStub(channel));
        return s;
    }

    /** {@code s} with Google credentials for the {@code cloud} target unless a bearer token was given. */
    private <S extends io.grpc.stub.AbstractStub<S>> S authorized(S s) throws IOException {
        return target.kind() == UploadTarget.Kind.CLOUD && ctx.bearerToken() == null ? s.withCallCredentials(credentials()) : s;
    }

    private io.grpc.CallCredentials credentials() throws IOException {
        io.grpc.CallCredentials c = callCredentials;
        if (c == null) {
            c = MoreCallCredentials.from(GoogleCredentials.getApplicationDefault().createScoped(List.of(SCOPE)));
            callCredentials = c;
        }
        return c;
    }

    /** Whether the channel has a working connection (HTTP/2 settings exchanged), without starting one. */
    boolean connected() {
        return channel.getState(false) == io.grpc.ConnectivityState.READY;
    }

    String parent() {
        return "projects/" + (ctx.projectId() != null ? ctx.projectId() : "-");
    }

    /** project, target = service, labels {@code language=java}, {@code version}, {@code zone} and the user's. */
    Deployment deployment() {
        Deployment.Builder d = Deployment.newBuilder().setTarget(ctx.service()).putAllLabels(ctx.labels())
                .putLabels("language", "java");
        if (ctx.projectId() != null) d.setProjectId(ctx.projectId());
        if (ctx.version() != null) d.putLabels("version", ctx.version());
        String zone = ctx.zone().get();
        if (zone != null) d.putLabels("zone", zone);
        return d.build();
    }

    static ProfileType toProto(io.reqprof.core.continuous.ProfileType t) {
        return switch (t) {
            case CPU -> ProfileType.CPU;
            case WALL -> ProfileType.WALL;
            case HEAP -> ProfileType.HEAP;
            case HEAP_ALLOC -> ProfileType.HEAP_ALLOC;
            case CONTENTION -> ProfileType.CONTENTION;
        };
    }

    /** Our type for the server's, or null for one reqprof does not collect (THREADS, PEAK_HEAP). */
    static io.reqprof.core.continuous.ProfileType fromProto(ProfileType t) {
        return switch (t) {
            case CPU -> io.reqprof.core.continuous.ProfileType.CPU;
            case WALL -> io.reqprof.core.continuous.ProfileType.WALL;
            case HEAP -> io.reqprof.core.continuous.ProfileType.HEAP;
            case HEAP_ALLOC -> io.reqprof.core.continuous.ProfileType.HEAP_ALLOC;
            case CONTENTION -> io.reqprof.core.continuous.ProfileType.CONTENTION;
            default -> null;
        };
    }

    /** The server's {@code RetryInfo} delay for an ABORTED call, or null when there is none. */
    static Duration retryDelay(Status status, Metadata trailers) {
        if (status.getCode() != Status.Code.ABORTED || trailers == null) return null;
        RetryInfo info;
        try {
            info = trailers.get(RETRY_INFO);
        } catch (RuntimeException e) {
            return null; // a malformed trailer is treated as no hint
        }
        if (info == null || !info.hasRetryDelay()) return null;
        long nanos = info.getRetryDelay().getSeconds() * 1_000_000_000L + info.getRetryDelay().getNanos();
        return nanos < 0 ? null : Duration.ofNanos(nanos);
    }

    void shutdown() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ClientInterceptor bearer(String token) {
        // An interceptor rather than CallCredentials: grpc refuses CallCredentials on plaintext channels,
        // and a collector on a private network may well run without TLS.
        return new ClientInterceptor() {
            @Override
            public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<A> listener, Metadata headers) {
                        headers.put(AUTHORIZATION, "Bearer " + token);
                        super.start(listener, headers);
                    }
                };
            }
        };
    }
}
