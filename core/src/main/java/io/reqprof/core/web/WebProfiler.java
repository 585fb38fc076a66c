package io.reqprof.core.web;

import io.reqprof.core.config.Settings;
import io.reqprof.core.dump.DumpGate;
import io.reqprof.core.dump.DumpWriter;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.internal.LogOnce;
import io.reqprof.core.request.ActiveRequest;
import io.reqprof.core.request.RequestProfile;
import io.reqprof.core.request.RequestTracker;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Request profiling for one web application, whatever its framework:
 *
 * <pre>{@code
 * WebProfiler profiler = WebProfiler.start(Settings.of("init parameter", params).orElse(Settings.fromSystem()));
 * ...
 * ProfiledRequest r = profiler.begin(method, path, request::getHeader);
 * long b = r.enter();
 * try { chain.run(); } finally { r.exit(b); }
 * r.end(status);
 * ...
 * profiler.close();   // when the application stops
 * }</pre>
 *
 * A sample taken while a bracket was open goes to that request; once the request has ended and its
 * samples are read (within about a chunk period), the dump rules decide and the {@link DumpWriter}
 * writes it off the request thread. Shares the JVM's sampling session with anything else that
 * uses one (see {@link SamplingSession#acquire}). {@link #begin} never throws and never blocks.
 */
public final class WebProfiler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.web");
    /** Forced requests whose profiles are awaited; bounded in case their adapter never ends them. */
    private static final int MAX_TRIGGERED_PENDING = 10_000;

    private final WebProfilerConfig config;
    private final SamplingSession.Lease lease;
    private final RequestTracker tracker;
    private final DumpWriter writer;
    private final DumpGate gate;
    private final TriggerHeader trigger;
    private final Set<String> triggeredPending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WebProfiler(WebProfilerConfig config, SamplingSession.Lease lease, DumpWriter writer) {
        this.config = config;
        this.lease = lease;
        this.writer = writer;
        this.gate = config.dumps().selection().newGate();
        this.trigger = new TriggerHeader(config.triggerHeader(), config.triggerSecret());
        this.tracker = lease == null ? RequestTracker.disabled() : RequestTracker.attach(lease.session(), this::onProfile);
    }

    /** Reads {@link WebProfilerConfig#from(Settings) the settings} and starts. */
    public static WebProfiler start(Settings settings) {
        return start(WebProfilerConfig.from(settings));
    }

    /**
     * Starts request profiling: prepares the dump directory, joins or starts the sampling session.
     *
     * @throws IllegalArgumentException      an invalid setting, such as an unwritable {@code reqprof.profile-dir}
     * @throws UnsupportedOperationException {@code reqprof.engine} names an engine that cannot run here
     *                                       (with {@code auto}, no engine at all only logs an error and
     *                                       the application is served without profiling)
     */
    public static WebProfiler start(WebProfilerConfig config) {
        if (!config.enabled()) {
            LOG.log(Level.INFO, "reqprof request profiling is off (reqprof.enabled=false)");
            return disabled(config);
        }
        if (!config.dumps().producesOutput()) {
            LOG.log(Level.INFO, "reqprof request profiling is off: no reqprof.profile-dir and reqprof.stream=none; "
                    + "set reqprof.profile-dir=DIR for dumps or reqprof.stream=stderr for text summaries");
            return disabled(config);
        }
        DumpWriter writer = DumpWriter.start(config.dumps());
        SamplingSession.Lease lease;
        try {
            lease = SamplingSession.acquire(config.engine());
        } catch (UnsupportedOperationException e) {
            writer.close();
            if (config.engine().engine() != EngineKind.AUTO) throw e;
            LOG.log(Level.ERROR, "reqprof cannot sample on this platform; requests are served without profiling: " + e.getMessage());
            return disabled(config);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
        WebProfiler p = new WebProfiler(config, lease, writer);
        LOG.log(Level.INFO, "reqprof request profiling on: " + (config.dumps().profileDir() == null ? "" : "dumps to "
                + config.dumps().profileDir() + ", ") + "summaries to " + config.dumps().stream()
                + (p.trigger.enabled() ? ", trigger header " + p.trigger.name() : ""));
        return p;
    }

    /** A profiler that profiles nothing; every request passes straight through. */
    public static WebProfiler disabled() {
        return disabled(WebProfilerConfig.builder().enabled(false).build());
    }

    private static WebProfiler disabled(WebProfilerConfig config) {
        return new WebProfiler(config, null, null);
    }

    /** Whether requests can be profiled at all. */
    public boolean enabled() {
        return lease != null && !closed;
    }

    public WebProfilerConfig config() {
        return config;
    }

    /**
     * Begins a request. Decides at once what can be decided now (trigger header, methods, path
     * patterns, 1-in-N); a request not selected is not tracked at all.
     *
     * @param header case-insensitive request header lookup; may be null when the adapter has none
     */
    public ProfiledRequest begin(String method, String path, Function<String, String> header) {
        if (lease == null || closed) return ProfiledRequest.NOT_PROFILED;
        try {
            boolean triggered = trigger.fires(header);
            if (!triggered && !gate.admit(method, path)) return ProfiledRequest.NOT_PROFILED;
            ActiveRequest active = tracker.begin(method, path, null);
            if (triggered && active.isTracked() && triggeredPending.size() < MAX_TRIGGERED_PENDING) {
                triggeredPending.add(active.id());
            }
            return new ProfiledRequest(active, triggered, config.serverTiming());
        } catch (Throwable e) {
            LogOnce.log(LOG, Level.WARNING, "web-begin:" + e.getClass().getName(),
                    "reqprof could not begin profiling a request; it is served unprofiled", e);
            return ProfiledRequest.NOT_PROFILED;
        }
    }

    /** On the sampler thread: the outcome rules and the cap decide, the writer's thread writes. */
    private void onProfile(RequestProfile rp) {
        boolean triggered = triggeredPending.remove(rp.facts().id());
        if (gate.accept(rp.facts(), triggered, System.currentTimeMillis())) writer.submit(rp, triggered);
    }

    /** The engine sampling for it, e.g. {@code async-profiler 4.6 cpu=perf_events/10ms wall=50ms}; null when off. */
    public String engine() {
        return lease == null ? null : lease.session().engineInfo().describe();
    }

    /** Requests begun and not yet finished by the tracker (in flight, or ended and awaiting samples). */
    public int inFlight() {
        return tracker.inFlight();
    }

    /** Dumps written so far. */
    public long dumpsWritten() {
        return writer == null ? 0 : writer.written();
    }

    /** Dumps dropped because the writer's queue was full (logged once). */
    public long dumpsDropped() {
        return writer == null ? 0 : writer.dropped();
    }

    /** Dumps that could not be written (each kind of failure is logged once per directory). */
    public long dumpsFailed() {
        return writer == null ? 0 : writer.failed();
    }

    /**
     * Reads the samples taken so far and waits (up to 5 s) until the dumps of requests that have
     * ended are written. For tests and for orderly shutdown; never needed on a request path.
     */
    public void flush() {
        if (lease == null || closed) return;
        lease.session().flush();
        writer.awaitIdle(Duration.ofSeconds(5));
    }

    /** Stops profiling: writes the dumps of ended requests, releases the session, stops the writer. */
    @Override
    public void close() {
        if (lease == null || closed) return;
        closed = true;
        try {
            tracker.close();
        } finally {
            lease.close();
            writer.close();
        }
    }
}
