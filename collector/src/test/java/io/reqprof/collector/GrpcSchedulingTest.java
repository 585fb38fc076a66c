package io.reqprof.collector;

import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end over real gRPC on TCP loopback with the generated Cloud Profiler stubs, each client
 * behaving like a Cloud Profiler agent (long-poll, profile for the duration, upload, honour
 * RetryInfo). Two replicas of one deployment and one agent of a second service run at once.
 */
class GrpcSchedulingTest {
    private static final Metadata.Key<RetryInfo> RETRY = ProtoUtils.keyForProto(RetryInfo.getDefaultInstance());
    private static final long PERIOD_MS = 2000;
    private static final long RUN_MS = 9_000;

    /** What one simulated agent saw. */
    static final class Agent implements Runnable {
        final GrpcClient client;
        final Deployment deployment;
        final String instance;
        final long stopAt;
        final List<long[]> grants = Collections.synchronizedList(new ArrayList<>()); // {time ms, type}
        final List<Long> retryDelaysMs = Collections.synchronizedList(new ArrayList<>());
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());

        Agent(GrpcClient client, Deployment d, String instance, long stopAt) {
            this.client = client;
            this.deployment = d;
            this.instance = instance;
            this.stopAt = stopAt;
        }

        @Override
        public void run() {
            while (System.currentTimeMillis() < stopAt) {
                long left = stopAt - System.currentTimeMillis();
                try {
                    Profile p = client.stub.withDeadlineAfter(left + 3000, TimeUnit.MILLISECONDS).createProfile(
                            CreateProfileRequest.newBuilder().setParent("projects/test-project").setDeployment(deployment)
                                    .addProfileType(ProfileType.CPU).addProfileType(ProfileType.WALL).build());
                    grants.add(new long[] {System.currentTimeMillis(), p.getProfileType().getNumber()});
                    Thread.sleep(p.getDuration().getSeconds() * 1000 + p.getDuration().getNanos() / 1_000_000);
                    client.stub.withDeadlineAfter(20, TimeUnit.SECONDS).updateProfile(UpdateProfileRequest.newBuilder()
                            .setProfile(p.toBuilder().setProfileBytes(ByteString.copyFrom(TestProfiles.service("com.example.Agent.work")))
                                    .putLabels("instance", instance))
                            .build());
                } catch (StatusRuntimeException e) {
                    if (e.getStatus().getCode() == Status.Code.ABORTED) {
                        RetryInfo info = e.getTrailers() == null ? null : e.getTrailers().get(RETRY);
                        if (info == null) {
                            errors.add("ABORTED without RetryInfo: " + e);
                            sleep(500);
                        } else {
                            long ms = info.getRetryDelay().getSeconds() * 1000 + info.getRetryDelay().getNanos() / 1_000_000;
                            retryDelaysMs.add(ms);
                            sleep(ms);
                        }
                    } else if (System.currentTimeMillis() < stopAt) {
                        errors.add(e.toString());
                        sleep(500);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void schedulesOneProfilePerPeriodPerDeploymentSharedByReplicas(@TempDir Path dir) throws Exception {
        CollectorConfig config = CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir)
                .period(Duration.ofMillis(PERIOD_MS)).profileDuration(Duration.ofMillis(1000)).build();
        try (Collector collector = Collector.start(config);
             GrpcClient c1 = new GrpcClient(collector.grpcPort(), null);
             GrpcClient c2 = new GrpcClient(collector.grpcPort(), null);
             GrpcClient c3 = new GrpcClient(collector.grpcPort(), null)) {
            long stopAt = System.currentTimeMillis() + RUN_MS;
            Deployment a = GrpcClient.deployment("svc-a", "1.0", "zone-1");
            Deployment b = GrpcClient.deployment("svc-b", "2.0", "zone-1");
            Agent a1 = new Agent(c1, a, "a-1", stopAt);
            Agent a2 = new Agent(c2, a, "a-2", stopAt);
            Agent b1 = new Agent(c3, b, "b-1", stopAt);
            List<Thread> threads = new ArrayList<>();
            for (Agent agent : List.of(a1, a2, b1)) {
                Thread t = new Thread(agent);
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) t.join(RUN_MS + 15_000);

            assertTrue(a1.errors.isEmpty() && a2.errors.isEmpty() && b1.errors.isEmpty(),
                    "unexpected errors: " + a1.errors + a2.errors + b1.errors);
            List<long[]> replicaGrants = new ArrayList<>(a1.grants);
            replicaGrants.addAll(a2.grants);
            replicaGrants.sort((x, y) -> Long.compare(x[0], y[0]));
            // slots at 0, 2, 4, 6, 8 s: the two replicas share one deployment's five
            long expected = RUN_MS / PERIOD_MS + 1;
            assertTrue(Math.abs(replicaGrants.size() - expected) <= 1,
                    "two replicas should share one schedule of ~" + expected + " profiles, got " + replicaGrants.size());
            assertSpacing(replicaGrants);
            // the second service has its own schedule, at the same rate
            assertTrue(Math.abs(b1.grants.size() - expected) <= 1, "second service: expected ~" + expected + ", got " + b1.grants.size());
            assertSpacing(b1.grants);
            // the replica that loses a slot is told when to come back, before the next slot
            List<Long> delays = new ArrayList<>(a1.retryDelaysMs);
            delays.addAll(a2.retryDelaysMs);
            assertTrue(!delays.isEmpty(), "a waiting replica should have been ABORTED with RetryInfo");
            for (long d : delays) assertTrue(d > 0 && d <= PERIOD_MS, "retry delay " + d + " ms should be within one period");
            // types rotate among those offered
            Set<Integer> types = replicaGrants.stream().map(g -> (int) g[1]).collect(Collectors.toSet());
            assertEquals(Set.of(ProfileType.CPU_VALUE, ProfileType.WALL_VALUE), types);

            // every uploaded profile is stored with its deployment, type and instance label
            List<StoredProfile> storedA = collector.store().query(new ProfileQuery("svc-a", null, null, null, Map.of(), 0, 0, 0));
            assertEquals(replicaGrants.size(), storedA.size());
            for (StoredProfile p : storedA) {
                assertEquals("test-project", p.projectId());
                assertEquals("1.0", p.version());
                assertEquals("zone-1", p.zone());
                assertTrue(Set.of("CPU", "WALL").contains(p.type()), p.type());
                assertTrue(Set.of("a-1", "a-2").contains(p.labels().get("instance")), p.labels().toString());
            }
            assertEquals(b1.grants.size(), collector.store().query(
                    new ProfileQuery("svc-b", null, "2.0", null, Map.of("instance", "b-1"), 0, 0, 0)).size());
        }
    }

    /** Consecutive profiles of one deployment are at least about a period apart. */
    private static void assertSpacing(List<long[]> grants) {
        for (int i = 1; i < grants.size(); i++) {
            long gap = grants.get(i)[0] - grants.get(i - 1)[0];
            assertTrue(gap >= PERIOD_MS - 250, "profiles " + gap + " ms apart, period is " + PERIOD_MS + " ms");
        }
    }
}
