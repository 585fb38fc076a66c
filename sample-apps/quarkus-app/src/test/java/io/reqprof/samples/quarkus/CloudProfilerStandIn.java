package io.reqprof.samples.quarkus;

import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Cloud Profiler v2 API stand-in on 127.0.0.1 for the sample app's test: the first CreateProfile
 * asks for a 2 s CPU profile, later ones are held open (the agent waits, as with the real service
 * between collections). Each UpdateProfile is written to {@link #DIR} as {@code profile-N.pb.gz} plus
 * {@code deployment-N.txt}, so the test (in another class loader) can read what arrived.
 */
public class CloudProfilerStandIn extends ProfilerServiceGrpc.ProfilerServiceImplBase implements QuarkusTestResourceLifecycleManager {
    static final Path DIR = Path.of("target", "cloud-profiler-stand-in");

    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger updates = new AtomicInteger();
    private Server server;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(DIR);
            server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("quarkus.reqprof.continuous.target", "grpc://127.0.0.1:" + server.getPort(),
                "quarkus.reqprof.continuous.project-id", "sample-project");
    }

    @Override
    public void stop() {
        if (server == null) return;
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void createProfile(CreateProfileRequest request, StreamObserver<Profile> response) {
        if (creates.incrementAndGet() > 1) return; // held open until the agent stops or the server shuts down
        response.onNext(Profile.newBuilder().setName("projects/sample-project/profiles/1").setProfileType(ProfileType.CPU)
                .setDeployment(request.getDeployment())
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(2))
                .build());
        response.onCompleted();
    }

    @Override
    public void updateProfile(UpdateProfileRequest request, StreamObserver<Profile> response) {
        int n = updates.incrementAndGet();
        try {
            Files.write(DIR.resolve("profile-" + n + ".pb.gz"), request.getProfile().getProfileBytes().toByteArray());
            Files.writeString(DIR.resolve("deployment-" + n + ".txt"), request.getProfile().getDeployment().getTarget() + " "
                    + request.getProfile().getDeployment().getLabelsMap(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        response.onNext(request.getProfile());
        response.onCompleted();
    }
}
