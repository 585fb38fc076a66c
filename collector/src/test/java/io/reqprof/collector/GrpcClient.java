package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A plain Cloud Profiler v2 client over TCP loopback, with the generated stubs. */
final class GrpcClient implements AutoCloseable {
    final ManagedChannel channel;
    final ProfilerServiceGrpc.ProfilerServiceBlockingStub stub;

    GrpcClient(int port, String token) {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        ProfilerServiceGrpc.ProfilerServiceBlockingStub s = ProfilerServiceGrpc.newBlockingStub(channel);
        if (token != null) {
            Metadata m = new Metadata();
            m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
            s = s.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
        }
        stub = s;
    }

    static Deployment deployment(String target, String version, String zone) {
        Deployment.Builder d = Deployment.newBuilder().setProjectId("test-project").setTarget(target)
                .putLabels("language", "java");
        if (version != null) d.putLabels("version", version);
        if (zone != null) d.putLabels("zone", zone);
        return d.build();
    }

    /** Uploads with CreateOfflineProfile, with a 20 s deadline. */
    Profile offline(Deployment d, ProfileType type, byte[] gzip, Map<String, String> labels) {
        return offline(d, type, gzip, labels, java.time.Duration.ofSeconds(20));
    }

    /** Uploads with CreateOfflineProfile. */
    Profile offline(Deployment d, ProfileType type, byte[] gzip, Map<String, String> labels, java.time.Duration deadline) {
        return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).createOfflineProfile(CreateOfflineProfileRequest.newBuilder()
                .setParent("projects/" + d.getProjectId())
                .setProfile(Profile.newBuilder().setDeployment(d).setProfileType(type)
                        .setProfileBytes(ByteString.copyFrom(gzip)).putAllLabels(labels)
                        .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(10)))
                .build());
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
