package io.reqprof.collector.grpc;

import com.google.devtools.cloudprofiler.v2.CreateOfflineProfileRequest;
import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.Deployment;
import com.google.devtools.cloudprofiler.v2.Profile;
import com.google.devtools.cloudprofiler.v2.ProfileType;
import com.google.devtools.cloudprofiler.v2.ProfilerServiceGrpc;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.rpc.RetryInfo;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code google.devtools.cloudprofiler.v2.ProfilerService}: CreateProfile long-polls through the
 * {@link Scheduler}; UpdateProfile and CreateOfflineProfile go through the {@link ProfileIntake}.
 * Errors: INVALID_ARGUMENT with the reason for bad input, RESOURCE_EXHAUSTED for a size cap, ABORTED with a
 * {@code google.rpc.RetryInfo} trailer to tell an agent when to ask again, INTERNAL when the disk fails.
 */
final class ProfilerServiceImpl extends ProfilerServiceGrpc.ProfilerServiceImplBase {
    /** The trailer Cloud Profiler agents read their back-off from. */
    static final Metadata.Key<RetryInfo> RETRY_INFO = ProtoUtils.keyForProto(RetryInfo.getDefaultInstance());
    private static final Logger LOG = Logger.getLogger(ProfilerServiceImpl.class.getName());
    private static final int MAX_ISSUED = 100_000;
    /** An upload with less of its caller's deadline left than this when its turn comes is not stored. */
    static final long STORE_MARGIN_MILLIS = 100;

    private record Issued(Deployment deployment, ProfileType type, long issuedAtNanos) { }

    private final Scheduler scheduler;
    private final ProfileIntake intake;
    private final Duration profileDuration;
    private final Map<String, Issued> issued = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    ProfilerServiceImpl(ProfileIntake intake, Duration period, Duration profileDuration, ScheduledExecutorService timer) {
        this.intake = intake;
        this.profileDuration = profileDuration;
        this.scheduler = new Scheduler(period, timer);
    }

    @Override
    public void createProfile(CreateProfileRequest request, StreamObserver<Profile> response) {
        Deployment dep = request.getDeployment();
        try {
            io.reqprof.collector.ingest.Names.project(dep.getProjectId());
            io.reqprof.collector.ingest.Names.target(dep.getTarget());
            io.reqprof.collector.ingest.Names.labels("deployment", dep.getLabelsMap());
        } catch (InvalidProfileException e) {
            response.onError(rejection(e));
            return;
        }
        Set<ProfileType> offered = EnumSet.noneOf(ProfileType.class);
        for (ProfileType t : request.getProfileTypeList()) if (Scheduler.ROTATION.contains(t)) offered.add(t);
        if (offered.isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("profile_type must list at least one supported type").asRuntimeException());
            return;
        }
        String key = deploymentKey(dep);
        Deadline deadline = Context.current().getDeadline();
        long deadlineNanos = deadline == null ? Long.MAX_VALUE : System.nanoTime() + deadline.timeRemaining(TimeUnit.NANOSECONDS);
        AtomicBoolean answered = new AtomicBoolean();
        Scheduler.Waiter waiter = new Scheduler.Waiter() {
            @Override
            public Set<ProfileType> offered() {
                return offered;
            }

            @Override
            public void grant(ProfileType type) {
                if (!answered.compareAndSet(false, true)) return;
                String id = Long.toString(System.currentTimeMillis(), 36) + "-" + sequence.incrementAndGet();
                String name = "projects/" + dep.getProjectId() + "/profiles/" + id;
                if (issued.size() >= MAX_ISSUED) expireIssued();
                issued.put(name, new Issued(dep, type, System.nanoTime()));
                try {
                    response.onNext(Profile.newBuilder().setName(name).setProfileType(type).setDeployment(dep)
                            .setDuration(com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(profileDuration.getSeconds()).setNanos(profileDuration.getNano()))
                            .build());
                    response.onCompleted();
                } catch (RuntimeException e) {
                    issued.remove(name); // the call was cancelled meanwhile
                }
            }

            @Override
            public void retry(Duration delay, String why) {
                if (!answered.compareAndSet(false, true)) return;
                Metadata trailers = new Metadata();
                trailers.put(RETRY_INFO, RetryInfo.newBuilder().setRetryDelay(com.google.protobuf.Duration.newBuilder()
                        .setSeconds(delay.getSeconds()).setNanos(delay.getNano())).build());
                try {
                    response.onError(Status.ABORTED.withDescription(why).asRuntimeException(trailers));
                } catch (RuntimeException ignored) {
                    // cancelled meanwhile
                }
            }

            @Override
            public long deadlineNanos() {
                return deadlineNanos;
            }
        };
        if (response instanceof ServerCallStreamObserver<Profile> call) {
            call.setOnCancelHandler(() -> {
                answered.set(true);
                scheduler.cancel(key, waiter);
            });
        }
        scheduler.enqueue(key, waiter);
    }

    @Override
    public void updateProfile(UpdateProfileRequest request, StreamObserver<Profile> response) {
        Profile p = request.getProfile();
        Issued i = issued.remove(p.getName());
        Deployment dep = p.hasDeployment() && !p.getDeployment().getTarget().isEmpty() ? p.getDeployment()
                : i != null ? i.deployment() : p.getDeployment();
        ProfileType type = p.getProfileType() != ProfileType.PROFILE_TYPE_UNSPECIFIED ? p.getProfileType()
                : i != null ? i.type() : ProfileType.PROFILE_TYPE_UNSPECIFIED;
        if (i == null && !p.getName().matches("projects/[^/]+/profiles/[^/]+")) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("profile.name must be a name CreateProfile returned").asRuntimeException());
            return;
        }
        store(p, dep, type, "grpc", response);
    }

    @Override
    public void createOfflineProfile(CreateOfflineProfileRequest request, StreamObserver<Profile> response) {
        Profile p = request.getProfile();
        Deployment dep = p.getDeployment();
        if (dep.getProjectId().isEmpty() && request.getParent().startsWith("projects/")) {
            dep = dep.toBuilder().setProjectId(request.getParent().substring("projects/".length())).build();
        }
        store(p, dep, p.getProfileType(), "offline", response);
    }

    private void store(Profile p, Deployment dep, ProfileType type, String source, StreamObserver<Profile> response) {
        try {
            if (type == ProfileType.PROFILE_TYPE_UNSPECIFIED || type == ProfileType.UNRECOGNIZED) {
                throw new InvalidProfileException("profile_type is missing");
            }
            long durationNanos = p.hasDuration() ? p.getDuration().getSeconds() * 1_000_000_000L + p.getDuration().getNanos() : 0;
            Context call = Context.current();
            StoredProfile s = intake.gated(() -> tooLate(call) ? null
                    : intake.accept(dep.getProjectId(), dep.getTarget(), new TreeMap<>(dep.getLabelsMap()),
                            type.name(), new LinkedHashMap<>(p.getLabelsMap()), p.getProfileBytes().toByteArray(), 0,
                            durationNanos, source));
            if (s == null) {
                // the uploader's deadline passed while it waited: it will retry, and a stored copy would be a duplicate
                response.onError(Status.DEADLINE_EXCEEDED.withDescription("the call's deadline passed before the profile"
                        + " was stored; nothing was stored").asRuntimeException());
                return;
            }
            response.onNext(Profile.newBuilder().setName("projects/" + s.projectId() + "/profiles/" + s.id())
                    .setProfileType(type).setDeployment(dep).setDuration(p.getDuration()).putAllLabels(s.labels()).build());
            response.onCompleted();
        } catch (InvalidProfileException e) {
            response.onError(rejection(e));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "storing a profile failed", e);
            response.onError(Status.INTERNAL.withDescription("the collector could not store the profile: " + e).asRuntimeException());
        }
    }

    /**
     * Whether the caller will have given up before it hears that its upload was stored: its deadline
     * passed, or less than {@value #STORE_MARGIN_MILLIS} ms is left (the caller's clock started first,
     * so its deadline passes a little before the server's).
     */
    private static boolean tooLate(Context call) {
        Deadline d = call.getDeadline();
        return call.isCancelled() || d != null && d.timeRemaining(TimeUnit.MILLISECONDS) < STORE_MARGIN_MILLIS;
    }

    /** Drops issued names older than an hour past their profile: their agents are gone. */
    private void expireIssued() {
        long horizon = System.nanoTime() - profileDuration.toNanos() - TimeUnit.HOURS.toNanos(1);
        issued.values().removeIf(x -> x.issuedAtNanos() - horizon < 0);
    }

    /** project, target and labels, in a canonical form. */
    static String deploymentKey(Deployment d) {
        StringBuilder sb = new StringBuilder(d.getProjectId()).append('\0').append(d.getTarget());
        new TreeMap<>(d.getLabelsMap()).forEach((k, v) -> sb.append('\0').append(k).append('=').append(v));
        return sb.toString();
    }

    /** A size cap exceeded is RESOURCE_EXHAUSTED, busy UNAVAILABLE, anything else INVALID_ARGUMENT; with the reason. */
    private static StatusRuntimeException rejection(InvalidProfileException e) {
        Status status = e.overLimit() ? Status.RESOURCE_EXHAUSTED : e.busy() ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT;
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
