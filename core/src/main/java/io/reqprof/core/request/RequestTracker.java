package io.reqprof.core.request;

import io.reqprof.core.engine.ChunkListener;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SampleChunk;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.internal.LogOnce;
import io.reqprof.core.profile.EngineInfo;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Framework-neutral request marks and their attribution. Adapters call {@link #begin} and bracket
 * work on the returned {@link ActiveRequest}; as the session delivers chunks of samples, the
 * tracker gives each sample to the request whose bracket holds its thread at its time, and once
 * a request has ended and the samples up to its end are read, hands a {@link RequestProfile} to
 * the listeners, on the sampler thread.
 *
 * <p>Bounded: at most {@value #MAX_IN_FLIGHT} requests are tracked at once, counting ended ones
 * still waiting for their samples (about one chunk period's worth); more are served but not
 * profiled. A request not ended within {@link #MAX_AGE} is dropped. Each is logged once.
 *
 * <p>Continuous profiles read the same attribution through {@link #routes}: which route owned each
 * sample of a chunk. A chunk is attributed once, by whichever comes first on the sampler thread
 * (this tracker's {@link #onChunk} or a {@code routes} call), so the order in which the session's
 * listeners were added does not matter.
 */
public final class RequestTracker implements ChunkListener {
    /** Most requests tracked at once. */
    public static final int MAX_IN_FLIGHT = 100_000;
    /** A request still open after this long is assumed leaked by its adapter and dropped. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger("io.reqprof.request");
    /** Trackers attached to a session and not yet closed, for {@link #routes}. */
    private static final List<RequestTracker> ATTACHED = new CopyOnWriteArrayList<>();

    private final SamplingSession session;
    private final Set<ActiveRequest> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger liveCount = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    /**
     * Request ids are this tracker's random run tag and a counter, so dumps of two runs (a restart,
     * a dev-mode reload, two trackers) sharing a profile directory never share an id.
     */
    private final String runTag = runTag();
    private final AtomicLong failures = new AtomicLong();
    private final List<Consumer<RequestProfile>> listeners = new CopyOnWriteArrayList<>();
    private final long maxAgeTicks;
    private volatile boolean closed;
    private volatile boolean virtualThreadsReported;
    // the engine is fixed for the session's life: decided once, not on every bracket of a virtual thread
    private final boolean blindToVirtualThreads;
    // The last chunk attributed and the route of each of its samples (null: no sample had a route).
    private SampleChunk attributedChunk;
    private String[] attributedRoutes;

    private RequestTracker(SamplingSession session) {
        this.session = session;
        this.maxAgeTicks = session == null ? 0 : MAX_AGE.getSeconds() * session.ticksPerSecond();
        this.blindToVirtualThreads = session != null && "async-profiler".equals(session.engineInfo().engine());
    }

    /** A tracker fed by {@code session}; its profiles go to {@code listener}. */
    public static RequestTracker attach(SamplingSession session, Consumer<RequestProfile> listener) {
        RequestTracker t = new RequestTracker(session);
        if (listener != null) t.addListener(listener);
        session.addListener(t);
        ATTACHED.add(t);
        return t;
    }

    /** A tracker that records nothing: {@link #begin} returns a request whose marks cost nearly nothing. */
    public static RequestTracker disabled() {
        return new RequestTracker(null);
    }

    /** Adds a receiver of finished request profiles (called on the sampler thread; keep it short). */
    public void addListener(Consumer<RequestProfile> listener) {
        listeners.add(listener);
    }

    /**
     * Begins a request. Never throws: when tracking is off, closed or full, the request is served
     * untracked.
     *
     * @param route the route template when known now, else null (see {@link ActiveRequest#route})
     */
    public ActiveRequest begin(String method, String path, String route) {
        if (session == null || closed || session.isClosed()) return ActiveRequest.NOOP;
        try {
            if (liveCount.incrementAndGet() > MAX_IN_FLIGHT) {
                liveCount.decrementAndGet();
                LogOnce.log(LOG, Level.WARNING, "tracker-full", "reqprof is tracking " + MAX_IN_FLIGHT
                        + " requests at once; further requests are served but not profiled", null);
                return ActiveRequest.NOOP;
            }
            ActiveRequest r = new ActiveRequest(this, runTag + Long.toHexString(ids.incrementAndGet()),
                    method == null ? "" : method, path == null ? "" : path, route,
                    Instant.now(), System.nanoTime(), session.now());
            live.add(r);
            return r;
        } catch (Throwable e) {
            markFailure("begin", e);
            return ActiveRequest.NOOP;
        }
    }

    /**
     * A request's work runs on a virtual thread. async-profiler samples the carrier threads that
     * virtual threads are mounted on, never the virtual thread's id, so such a request's profile stays
     * empty: said once, with the way out, rather than leaving empty dumps unexplained.
     */
    /** What the dump of a request that ran on a virtual thread under async-profiler says. */
    static final String UNSEEN_VIRTUAL_THREAD = "this request ran on a virtual thread, which async-profiler does not"
            + " sample (it samples carrier threads), so its samples are missing; set reqprof.engine=jfr";

    void enteredOnVirtualThread() {
        if (virtualThreadsReported || !blindToVirtualThreads) return;
        virtualThreadsReported = true;
        LogOnce.log(LOG, Level.WARNING, "virtual-threads-async", "reqprof: requests run on virtual threads, which "
                + "async-profiler does not sample (it samples carrier threads), so the profiles of requests on virtual "
                + "threads hold no samples; set reqprof.engine=jfr to profile them, or serve requests on platform threads",
                null);
    }

    /**
     * Detaches from the session, which may go on serving other holders: reads the samples taken so
     * far, delivers every request that has ended, and drops those still in flight. Later
     * {@link #begin} calls return untracked requests.
     */
    public void close() {
        if (session == null || closed) return;
        closed = true;
        try {
            if (!session.isClosed()) session.flush();
        } finally {
            session.removeListener(this);
            onClose();
        }
    }

    /** Requests begun and not yet delivered (in flight, or ended and waiting for their samples). */
    public int inFlight() {
        return liveCount.get();
    }

    /** How many marks failed internally (each kind was logged once). */
    public long failures() {
        return failures.get();
    }

    long now() {
        return session.now();
    }

    private long ticksToNanos(long ticks) {
        long perSecond = session.ticksPerSecond();
        return perSecond == 1_000_000_000L ? ticks : (long) (ticks * (1e9 / perSecond));
    }

    void markFailure(String where, Throwable e) {
        failures.incrementAndGet();
        LogOnce.log(LOG, Level.WARNING, "mark:" + where + ":" + e.getClass().getName(),
                "reqprof request mark '" + where + "' failed; the request is served, its profile may be incomplete", e);
    }

    @Override
    public void onChunk(SampleChunk chunk) {
        attributeOnce(chunk);
        finish(chunk.endTime(), false);
    }

    @Override
    public void onClose() {
        ATTACHED.remove(this);
        finish(Long.MAX_VALUE, true);
        synchronized (this) {
            attributedChunk = null;
            attributedRoutes = null;
        }
    }

    /**
     * The route template of the request that owned each sample of {@code chunk} (index as in the
     * chunk; null where no request, or a request without a route, held the sample's thread), from
     * every tracker attached to {@code session}; null when no sample had a route. Call it from a
     * {@link io.reqprof.core.engine.ChunkListener} with the chunk being delivered. The array is shared:
     * do not modify it.
     */
    public static String[] routes(SamplingSession session, SampleChunk chunk) {
        String[] merged = null;
        for (RequestTracker t : ATTACHED) {
            if (t.session != session) continue;
            String[] r = t.attributeOnce(chunk);
            if (r == null) continue;
            if (merged == null) {
                merged = r;
            } else {
                if (merged == r) continue;
                if (merged.length == r.length) {
                    merged = merged.clone();
                    for (int i = 0; i < r.length; i++) if (merged[i] == null) merged[i] = r[i];
                }
            }
        }
        return merged;
    }

    /** Attributes {@code chunk} unless it was the last one attributed; returns its routes. */
    private synchronized String[] attributeOnce(SampleChunk chunk) {
        if (chunk != attributedChunk) {
            attributedRoutes = attribute(chunk);
            attributedChunk = chunk;
        }
        return attributedRoutes;
    }

    private String[] attribute(SampleChunk chunk) {
        if (chunk.size() == 0 || live.isEmpty()) return null;
        long minTime = Long.MAX_VALUE;
        for (int i = 0; i < chunk.size(); i++) minTime = Math.min(minTime, chunk.time(i));
        Map<Long, ThreadBrackets> byThread = new HashMap<>();
        for (ActiveRequest r : live) {
            long[] b = r.bracketSnapshot();
            for (int i = 0; i < b.length; i += 3) {
                if (b[i + 2] < minTime) continue;
                byThread.computeIfAbsent(b[i], k -> new ThreadBrackets()).add(b[i + 1], b[i + 2], r);
            }
        }
        if (byThread.isEmpty()) return null;
        String[] routes = null;
        for (int i = 0; i < chunk.size(); i++) {
            long tid = chunk.threadId(i);
            if (tid == 0) continue;
            ThreadBrackets tb = byThread.get(tid);
            if (tb == null) continue;
            int bracket = tb.find(chunk.time(i));
            if (bracket < 0) continue;
            ActiveRequest r = tb.owner(bracket);
            long value = chunk.value(i);
            if (chunk.type(i) == SampleType.WALL) {
                // A wall sample stands for the time since its thread's previous sample; only the part
                // after the bracket began is this request's. Without this, a 1 ms event-loop callback
                // that happens to hold a sample would be charged a whole wall interval.
                value = Math.min(value, ticksToNanos(chunk.time(i) - tb.start(bracket)));
            }
            if (r.accumulator == null) r.accumulator = new ProfileBuilder();
            r.accumulator.add(chunk.type(i), chunk.stack(i), chunk.count(i), value);
            String route = r.routeTemplate();
            if (route != null) {
                if (routes == null) routes = new String[chunk.size()];
                routes[i] = route;
            }
        }
        return routes;
    }

    /** Delivers requests that ended before {@code watermark}; drops leaked ones. */
    private void finish(long watermark, boolean closing) {
        long now = session.now();
        for (ActiveRequest r : live) {
            boolean deliver = r.isEnded() && (closing || r.endTime() <= watermark);
            boolean leaked = !r.isEnded() && (closing || now - r.beginTime() > maxAgeTicks);
            if (!deliver && !leaked) continue;
            if (!live.remove(r)) continue;
            liveCount.decrementAndGet();
            if (leaked) {
                if (!closing) {
                    LogOnce.log(LOG, Level.WARNING, "leaked", "reqprof dropped request " + r
                            + " that was not ended within " + MAX_AGE + "; its adapter never called end()", null);
                }
                continue;
            }
            deliver(r);
        }
    }

    private void deliver(ActiveRequest r) {
        RequestFacts facts = r.facts();
        ProfileBuilder b = r.accumulator != null ? r.accumulator : new ProfileBuilder();
        r.accumulator = null;
        EngineInfo engine = session.engineInfo();
        EngineConfig config = session.config();
        b.engine(engine)
                .startEpochNanos(facts.start().getEpochSecond() * 1_000_000_000L + facts.start().getNano())
                .durationNanos(facts.elapsed().toNanos())
                .period(SampleType.CPU, engine.cpuInterval().toNanos());
        if (!engine.wallInterval().isZero()) b.period(SampleType.WALL, engine.wallInterval().toNanos());
        if (config.allocInterval() > 0) b.period(SampleType.ALLOC, config.allocInterval());
        if (config.lockThreshold() != null) b.period(SampleType.LOCK, config.lockThreshold().toNanos());
        b.comment("request " + facts.id() + ": " + facts.method() + " " + facts.path()
                + (facts.route() == null ? "" : " (route " + facts.route() + ")") + " status " + facts.status());
        List<String> warnings = new ArrayList<>(2);
        int dropped = r.droppedBrackets();
        if (dropped > 0) warnings.add(dropped + " brackets beyond " + ActiveRequest.MAX_BRACKETS + " were not recorded");
        if (blindToVirtualThreads && r.ranOnVirtualThread()) warnings.add(UNSEEN_VIRTUAL_THREAD);
        for (String w : warnings) b.comment("warning: " + w);
        RequestProfile profile = new RequestProfile(facts, b.build(), warnings);
        for (Consumer<RequestProfile> l : listeners) {
            try {
                l.accept(profile);
            } catch (Throwable e) {
                LogOnce.log(LOG, Level.WARNING, "request-listener:" + l.getClass().getName(),
                        "reqprof request profile listener failed", e);
            }
        }
    }

    /** Five base-36 characters and a dash: 60 million tags, so two runs collide about once in 60 million. */
    private static String runTag() {
        StringBuilder tag = new StringBuilder(Integer.toString(ThreadLocalRandom.current().nextInt(60_466_176), 36));
        while (tag.length() < 5) tag.insert(0, '0');
        return tag.append('-').toString();
    }
}
