package io.reqprof.agent.upload.cloud;

import com.google.devtools.cloudprofiler.v2.CreateProfileRequest;
import com.google.devtools.cloudprofiler.v2.UpdateProfileRequest;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.reqprof.agent.UploadTarget;
import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.Backoff;
import io.reqprof.agent.upload.Uploader;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Profile;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The agent loop of Google's Cloud Profiler agents, on one daemon thread:
 * <ol>
 * <li>CreateProfile (a long poll, deadline 1 h) with the deployment and the profile types this JVM
 *     can collect; the server answers, when it wants one, with a type and a duration;</li>
 * <li>cut exactly that window of that type from the sampling session;</li>
 * <li>UpdateProfile (deadline 20 s) with the gzip pprof and the profile label {@code instance}.</li>
 * </ol>
 * On ABORTED with a {@code google.rpc.RetryInfo} trailer it waits the delay the server asks for; on any
 * other error it waits a full-jitter backoff (60 s, ×1.3, at most 1 h), reset by the next successful
 * CreateProfile. Each failed attempt logs one warning.
 */
public final class CloudProfilerAgent implements Uploader {
    static final Duration CREATE_DEADLINE = Duration.ofHours(1);
    static final Duration UPDATE_DEADLINE = Duration.ofSeconds(20);
    /**
     * A CreateProfile whose connection is not up after this long is reported (once per call) while it
     * keeps waiting: a gRPC server completes its handshake in milliseconds, and a long poll is only
     * normal on a connection that is up.
     */
    static final Duration NO_CONNECTION_REPORT_AFTER = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger("io.reqprof.agent");

    private final AgentContext ctx;
    private final UploadTarget target;
    private final CloudApi api;
    private final Backoff backoff;
    private final Thread thread;
    private volatile boolean closed;
    // the failure last reported as an error; used by the loop thread only
    private String reportedCause;

    public CloudProfilerAgent(UploadTarget target, AgentContext ctx) {
        this.ctx = ctx;
        this.target = target;
        this.api = new CloudApi(target, ctx);
        this.backoff = new Backoff(ctx.backoff(), new Random());
        this.thread = new Thread(this::run, "reqprof-cloud-profiler");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    /** Profiles uploaded so far. */
    public long uploads() {
        return ctx.stats().snapshot().uploaded();
    }

    private void run() {
        LOG.log(Level.INFO, "reqprof continuous profiling of " + ctx.service() + " " + ctx.types() + " via " + target);
        while (!closed) {
            try {
                runOnce();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return;
                // never let the loop die: an unexpected failure is an error like any other
                try {
                    if (!sleepAfterError("reqprof continuous profiling failed: " + e)) return;
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void runOnce() throws InterruptedException {
        com.google.devtools.cloudprofiler.v2.Profile asked;
        try {
            CreateProfileRequest.Builder req = CreateProfileRequest.newBuilder().setParent(api.parent())
                    .setDeployment(api.deployment());
            for (ProfileType t : ctx.types()) req.addProfileType(CloudApi.toProto(t));
            asked = createProfile(req.build());
        } catch (StatusRuntimeException e) {
            if (closed) return;
            Duration hint = CloudApi.retryDelay(e.getStatus(), e.getTrailers());
            if (hint != null) {
                // the server's way of saying "not now": expected, not a warning
                LOG.log(Level.DEBUG, "reqprof: Cloud Profiler asks to retry in " + hint.toMillis() + " ms");
                sleep(hint);
                return;
            }
            sleepAfterError("reqprof CreateProfile to " + target + " failed: " + describe(e.getStatus()));
            return;
        } catch (java.io.IOException e) {
            sleepAfterError("reqprof cannot load Google credentials: " + e.getMessage());
            return;
        }
        backoff.reset();
        reportedCause = null;

        ProfileType type = CloudApi.fromProto(asked.getProfileType());
        if (type == null || !ctx.types().contains(type)) {
            LOG.log(Level.WARNING, "reqprof: the server asked for a " + asked.getProfileType()
                    + " profile, which this agent did not offer; skipped");
            return;
        }
        Duration duration = asked.hasDuration()
                ? Duration.ofSeconds(asked.getDuration().getSeconds(), asked.getDuration().getNanos())
                : Duration.ofSeconds(10);
        if (duration.isZero() || duration.isNegative()) duration = Duration.ofSeconds(10);
        Profile profile;
        try {
            profile = ctx.windows().collect(type, duration).get(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (CancellationException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            if (!closed) LOG.log(Level.WARNING, "reqprof could not collect the " + type + " profile: " + e);
            return;
        }
        byte[] pprof = PprofEncoder.encodeGzip(profile, type.sampleType());
        com.google.devtools.cloudprofiler.v2.Profile upload = asked.toBuilder()
                .setProfileBytes(ByteString.copyFrom(pprof))
                .putLabels("instance", ctx.instance())
                .build();
        try {
            api.stub().withDeadlineAfter(UPDATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .updateProfile(UpdateProfileRequest.newBuilder().setProfile(upload).build());
            ctx.stats().uploaded();
            LOG.log(Level.DEBUG, "reqprof uploaded a " + type + " profile of " + duration + " (" + pprof.length + " bytes)");
        } catch (StatusRuntimeException e) {
            // as Google's agents do: the profile is lost, the next CreateProfile decides what comes next
            if (!closed) report("reqprof UpdateProfile to " + target + " failed: " + describe(e.getStatus()), "; that profile is lost");
        } catch (java.io.IOException e) {
            if (!closed) LOG.log(Level.WARNING, "reqprof cannot load Google credentials: " + e.getMessage());
        }
    }

    /** The CreateProfile long poll, waited on in steps so that a connection that never comes up is reported. */
    private com.google.devtools.cloudprofiler.v2.Profile createProfile(CreateProfileRequest req)
            throws java.io.IOException, InterruptedException {
        com.google.common.util.concurrent.ListenableFuture<com.google.devtools.cloudprofiler.v2.Profile> call =
                api.futureStub().withDeadlineAfter(CREATE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).createProfile(req);
        boolean reported = false;
        try {
            while (true) {
                try {
                    return call.get(NO_CONNECTION_REPORT_AFTER.toMillis(), TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    if (!reported && !api.connected()) {
                        reported = true;
                        report("reqprof CreateProfile to " + target + ": no gRPC connection after "
                                + NO_CONNECTION_REPORT_AFTER.toSeconds() + " s", "; still waiting (up to "
                                + CREATE_DEADLINE.toMinutes() + " min)");
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof StatusRuntimeException s ? s : Status.fromThrowable(e.getCause()).asRuntimeException();
                }
            }
        } finally {
            call.cancel(true); // a no-op once answered; stops the call when the agent is closed
        }
    }

    private boolean sleepAfterError(String message) throws InterruptedException {
        Duration d = backoff.next();
        report(message, "; retrying in " + d.toMillis() + " ms");
        sleep(d);
        return !closed;
    }

    /**
     * A failure is an error the first time its cause is seen (so verbose=0 shows it, with the fix),
     * a warning while it repeats; a success forgets it, so the next failure is an error again.
     */
    private void report(String cause, String suffix) {
        ctx.stats().failed(cause);
        if (cause.equals(reportedCause)) {
            LOG.log(Level.WARNING, cause + suffix);
        } else {
            reportedCause = cause;
            LOG.log(Level.ERROR, cause + suffix + fix(cause) + " (reported once; repeats are warnings, reqprof.verbose=1)");
        }
    }

    private String fix(String cause) {
        if (cause.contains("INVALID_ARGUMENT")) {
            return "; no profile is stored until reqprof.service, reqprof.service-version, reqprof.project-id, "
                    + "reqprof.zone and reqprof.labels meet the server's rules";
        }
        if (cause.contains("UNAUTHENTICATED") || cause.contains("PERMISSION_DENIED")) {
            return "; set reqprof.bearer-token to the collector's --token (or, for Google, the credentials)";
        }
        if (cause.contains("no gRPC connection")) {
            return "; is a Cloud Profiler v2 API (gRPC) server listening at " + target + "? An HTTP/1 server, or TLS on "
                    + "one side only (grpc:// against TLS, grpcs:// against plaintext), accepts the connection and never "
                    + "answers; check reqprof.target";
        }
        if (cause.contains("UNAVAILABLE") || cause.contains("DEADLINE_EXCEEDED")) {
            return "; is the server running at " + target + "? check reqprof.target";
        }
        return "";
    }

    private void sleep(Duration d) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(d.toNanos());
    }

    private static String describe(Status s) {
        return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
    }

    /** Stops the loop: the long poll is cancelled, a collection in progress is abandoned. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        thread.interrupt();
        api.shutdown();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
