package io.reqprof.core.continuous;

import io.reqprof.core.engine.ChunkListener;
import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.SampleChunk;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.profile.EngineInfo;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestTracker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Cuts profiles of one {@link ProfileType} over a time window out of a sampling session's chunk
 * stream. A window is a time range in the session's clock, so any number of windows, of any types,
 * may overlap. Each open window holds a {@link SamplingSession#need() need} on the session: a session
 * that samples only on demand (the continuous agent's alone) resumes when a window opens and pauses
 * once the last one has completed; a session that samples anyway (request profiling) is not
 * disturbed. Samples from before a window opened are never in it.
 *
 * <pre>{@code
 * WindowAggregator windows = WindowAggregator.attach(session);
 * Profile cpu = windows.collect(ProfileType.CPU, Duration.ofSeconds(10)).get();  // ~10 s + one chunk period
 * }</pre>
 *
 * <p>A window opens when {@link #collect} is called and holds the samples stamped in
 * {@code [open, open + duration)}; it completes with the first chunk whose watermark passes its end,
 * so a profile arrives at most about one chunk period (1 s by default) after its window closes.
 *
 * <p>When a {@link RequestTracker} is attached to the same session, samples taken inside a
 * request's bracket carry that request's route template as the pprof label {@value #ROUTE_LABEL}
 * (requests with no route get no label), so a continuous profile can be split per endpoint.
 *
 * <p>Thread-safe. Futures complete on the session's sampler thread: do not block in their callbacks.
 */
public final class WindowAggregator implements ChunkListener, AutoCloseable {
    /** pprof label key carrying the request's route template. */
    public static final String ROUTE_LABEL = "route";
    /** Most windows open at once; a continuous profiler needs one per profile type. */
    public static final int MAX_OPEN_WINDOWS = 64;
    // Route templates are few; the cap only guards against an adapter passing raw paths as routes.
    private static final int MAX_CACHED_LABELS = 10_000;

    private final SamplingSession session;
    private final List<Window> open = new ArrayList<>();
    private final Map<String, Map<String, String>> labelCache = new HashMap<>();
    private boolean closed;

    private static final class Window {
        final ProfileType type;
        final long start;
        long end;
        final long startEpochNanos;
        long durationNanos;
        final ProfileBuilder builder = new ProfileBuilder();
        final CompletableFuture<Profile> result = new CompletableFuture<>();
        final SamplingSession.Need need;

        Window(ProfileType type, long start, long end, long startEpochNanos, long durationNanos, SamplingSession.Need need) {
            this.need = need;
            this.type = type;
            this.start = start;
            this.end = end;
            this.startEpochNanos = startEpochNanos;
            this.durationNanos = durationNanos;
        }
    }

    private WindowAggregator(SamplingSession session) {
        this.session = session;
    }

    /** An aggregator fed by {@code session}; close it to detach. */
    public static WindowAggregator attach(SamplingSession session) {
        WindowAggregator a = new WindowAggregator(session);
        session.addListener(a);
        return a;
    }

    /** Whether the session samples what {@code type} needs (see {@link ProfileType#collectableWith}). */
    public boolean canCollect(ProfileType type) {
        return type.collectableWith(session.config());
    }

    /**
     * Opens a window of {@code type} now, lasting {@code duration}.
     *
     * @return the profile, completed once the window's samples are read; failed with
     *         {@link CancellationException} if the aggregator or session closes first, or with
     *         {@link IllegalStateException} when the paused session cannot resume sampling
     * @throws IllegalArgumentException when the session does not sample {@code type}, or the duration
     *                                  is not positive
     * @throws IllegalStateException    when closed or {@value #MAX_OPEN_WINDOWS} windows are open
     */
    public CompletableFuture<Profile> collect(ProfileType type, Duration duration) {
        if (!canCollect(type)) {
            throw new IllegalArgumentException("profile type " + type + " is not sampled by this session ("
                    + session.engineInfo().describe() + ")");
        }
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("duration: must be greater than 0, was " + duration);
        }
        synchronized (this) {
            // checked again below; this only spares a paused session a pointless resume
            if (closed || session.isClosed()) throw new IllegalStateException("the window aggregator is closed");
        }
        // Taken before the start is read, and never under this monitor (the sampler thread holds
        // the session's rotation lock while it calls onChunk, which takes this monitor).
        SamplingSession.Need need;
        try {
            need = session.need();
        } catch (IllegalStateException e) {
            return CompletableFuture.failedFuture(e);
        }
        long start = session.now();
        long durationTicks = (long) (duration.toNanos() * (session.ticksPerSecond() / 1e9));
        Instant wallStart = Instant.now();
        Window w = new Window(type, start, start + durationTicks,
                wallStart.getEpochSecond() * 1_000_000_000L + wallStart.getNano(), duration.toNanos(), need);
        String refused = null;
        synchronized (this) {
            if (closed || session.isClosed()) refused = "the window aggregator is closed";
            else if (open.size() >= MAX_OPEN_WINDOWS) refused = MAX_OPEN_WINDOWS + " profile windows are already open";
            else open.add(w);
        }
        if (refused != null) {
            need.close();
            throw new IllegalStateException(refused);
        }
        return w.result;
    }

    /**
     * Ends every open window now, with the samples taken so far (their profiles report the shortened
     * duration). For a clean shutdown: the last partial profiles can still be uploaded.
     */
    public void endOpenWindowsNow() {
        long now = session.now();
        synchronized (this) {
            for (Window w : open) {
                if (w.end > now) {
                    w.durationNanos = Math.max(0, (long) ((now - w.start) * (1e9 / session.ticksPerSecond())));
                    w.end = now;
                }
            }
        }
        session.flush();
        List<SamplingSession.Need> done = new ArrayList<>();
        synchronized (this) {
            for (Window w : new ArrayList<>(open)) done.add(complete(w));
        }
        release(done);
    }

    /** Number of windows still collecting. */
    public synchronized int openWindows() {
        return open.size();
    }

    @Override
    public void onChunk(SampleChunk chunk) {
        List<SamplingSession.Need> done = new ArrayList<>();
        synchronized (this) {
            take(chunk, done);
        }
        // On the sampler thread, inside the session's dispatch: a pause waits until the listeners return.
        release(done);
    }

    private void take(SampleChunk chunk, List<SamplingSession.Need> done) {
        if (open.isEmpty()) return;
        String[] routes = null;
        boolean routesRead = false;
        for (Window w : new ArrayList<>(open)) {
            SampleType t = w.type.sampleType();
            for (int i = 0; i < chunk.size(); i++) {
                long time = chunk.time(i);
                if (chunk.type(i) != t || time < w.start || time >= w.end) continue;
                if (!routesRead) {
                    routes = RequestTracker.routes(session, chunk);
                    routesRead = true;
                }
                String route = routes == null ? null : routes[i];
                w.builder.add(t, chunk.stack(i), chunk.count(i), chunk.value(i), label(route));
            }
            if (chunk.endTime() >= w.end) done.add(complete(w));
        }
    }

    private static void release(List<SamplingSession.Need> needs) {
        for (SamplingSession.Need n : needs) n.close();
    }

    private Map<String, String> label(String route) {
        if (route == null) return Map.of();
        Map<String, String> l = labelCache.get(route);
        if (l == null) {
            l = Map.of(ROUTE_LABEL, route);
            if (labelCache.size() < MAX_CACHED_LABELS) labelCache.put(route, l);
        }
        return l;
    }

    /** Builds the window's profile and returns its need, to be released outside this monitor. */
    private SamplingSession.Need complete(Window w) {
        open.remove(w);
        EngineInfo engine = session.engineInfo();
        EngineConfig config = session.config();
        SampleType t = w.type.sampleType();
        long period = switch (t) {
            case CPU -> engine.cpuInterval().toNanos();
            case WALL -> engine.wallInterval().toNanos();
            case ALLOC -> config.allocInterval();
            case LOCK -> config.lockThreshold() == null ? 0 : config.lockThreshold().toNanos();
        };
        Profile p = w.builder.engine(engine)
                .startEpochNanos(w.startEpochNanos)
                .durationNanos(w.durationNanos)
                .period(t, period)
                .comment("reqprof continuous " + w.type.settingName() + " profile")
                .build();
        w.result.complete(p);
        return w.need;
    }

    @Override
    public void onClose() {
        cancelAll("the sampling session closed");
    }

    /** Detaches from the session; open windows fail with {@link CancellationException}. */
    @Override
    public void close() {
        session.removeListener(this);
        cancelAll("the window aggregator closed");
    }

    private void cancelAll(String why) {
        List<SamplingSession.Need> done = new ArrayList<>();
        synchronized (this) {
            closed = true;
            for (Window w : open) {
                w.result.completeExceptionally(new CancellationException(why));
                done.add(w.need);
            }
            open.clear();
        }
        release(done);
    }
}
