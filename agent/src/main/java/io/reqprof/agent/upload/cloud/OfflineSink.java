package io.reqprof.agent.upload.cloud;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reqprof.agent.UploadTarget;
import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.ProfileSink;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Profile;

import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Cloud Profiler offline mode: the agent decides what and when (a {@code PeriodicCollector}) and
 * sends each profile with CreateOfflineProfile, without the server-driven long poll.
 */
public final class OfflineSink implements ProfileSink {
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.INTERNAL, Status.Code.UNKNOWN);

    private final UploadTarget target;
    private final AgentContext ctx;
    private final CloudApi api;

    public OfflineSink(UploadTarget target, AgentContext ctx) {
        this.target = target;
        this.ctx = ctx;
        this.api = new CloudApi(target, ctx);
    }

    @Override
    public void upload(ProfileType type, Profile profile) throws Exception {
        com.google.devtools.cloudprofiler.v2.Profile p = com.google.devtools.cloudprofiler.v2.Profile.newBuilder()
                .setProfileType(CloudApi.toProto(type))
                .setDeployment(api.deployment())
                .setDuration(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(profile.durationNanos() / 1_000_000_000L)
                        .setNanos((int) (profile.durationNanos() % 1_000_000_000L)))
                .setProfileBytes(ByteString.copyFrom(PprofEncoder.encodeGzip(profile, type.sampleType())))
                .putLabels("instance", ctx.instance())
                .build();
        try {
            api.stub().withDeadlineAfter(CloudProfilerAgent.UPDATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .createOfflineProfile(CreateOfflineProfileRequest.newBuilder().setParent(api.parent()).setProfile(p).build());
        } catch (StatusRuntimeException e) {
            if (retryable(e.getStatus())) throw new RetryableUploadException(e.getStatus().toString(), e);
            throw e;
        } catch (java.io.IOException e) {
            throw new RetryableUploadException("cannot load Google credentials: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the same profile may be accepted later. RESOURCE_EXHAUSTED is Google's quota answer,
     * worth retrying, but also a size cap's (gRPC's "exceeds maximum" message size, the collector's
     * "exceeds the upload limit" and "exceeds the limit of N samples"): the same bytes would be
     * refused forever and block the queue.
     */
    static boolean retryable(Status status) {
        if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            String why = status.getDescription();
            return why == null || !why.contains("exceeds");
        }
        return RETRYABLE.contains(status.getCode());
    }

    @Override
    public String describe() {
        return "Cloud Profiler API (offline) at " + target;
    }

    @Override
    public void close() {
        api.shutdown();
    }
}
