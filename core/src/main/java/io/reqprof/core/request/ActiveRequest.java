package io.reqprof.core.request;

import java.time.Instant;
import java.util.Arrays;

/**
 * One request in flight. An adapter brackets every piece of work done for the request, on
 * whatever thread it runs:
 *
 * <pre>{@code
 * ActiveRequest r = tracker.begin("GET", "/users/7", "/users/{id}");
 * long b = r.enter();
 * try { handle(); } finally { r.exit(b); }
 * ...
 * r.end(200);
 * }</pre>
 *
 * A sample belongs to the request when its thread entered a bracket of the request before the
 * sample and had not exited it yet. On an event loop each callback is its own bracket, so requests
 * interleaved on one thread stay apart. Every method is safe to call from any thread and never
 * throws; calls after {@link #end(int)} are ignored.
 */
public final class ActiveRequest {
    /** Per-request cap on brackets; beyond it new brackets are dropped (and counted). */
    static final int MAX_BRACKETS = 65_536;
    static final long OPEN = Long.MAX_VALUE;
    private static final long NO_BRACKET = -1;

    /** A request that records nothing: what {@link RequestTracker#begin} returns when tracking is off. */
    static final ActiveRequest NOOP = new ActiveRequest(null, "", "", "", null, Instant.EPOCH, 0, 0);

    private final RequestTracker tracker;
    private final String id;
    private final String method;
    private final String path;
    private volatile String route;
    private final Instant start;
    private final long startNanoTime;
    private final long beginTime;

    // Private so no caller can contend on it by synchronizing on the request object.
    private final Object lock = new Object();
    // [threadId, start, end] triples, guarded by lock
    private long[] brackets = new long[12];
    private int bracketCount;
    private int droppedBrackets;
    private volatile boolean onVirtualThread;
    private volatile boolean ended;
    private long endTime;
    private long elapsedNanos;
    private int status;

    // owned by the sampler thread
    io.reqprof.core.profile.ProfileBuilder accumulator;

    ActiveRequest(RequestTracker tracker, String id, String method, String path, String route,
                  Instant start, long startNanoTime, long beginTime) {
        this.tracker = tracker;
        this.id = id;
        this.method = method;
        this.path = path;
        this.route = route;
        this.start = start;
        this.startNanoTime = startNanoTime;
        this.beginTime = beginTime;
    }

    /**
     * reqprof's id for this request (empty for a request not tracked): the tracker's random run tag
     * and a counter, such as {@code k3x9q-2f}, so ids stay unique across restarts in one profile directory.
     */
    public String id() {
        return id;
    }

    /** Whether samples are being attributed to this request (false when tracking is off or full). */
    public boolean isTracked() {
        return tracker != null;
    }

    /**
     * Starts a bracket on the current thread.
     *
     * @return a token for {@link #exit(long)}
     */
    public long enter() {
        if (tracker == null) return NO_BRACKET;
        try {
            Thread thread = Thread.currentThread();
            if (VirtualThreads.isVirtual(thread)) {
                onVirtualThread = true;
                tracker.enteredOnVirtualThread();
            }
            long tid = thread.getId();
            long now = tracker.now();
            synchronized (lock) {
                if (ended) return NO_BRACKET;
                if (bracketCount == MAX_BRACKETS) {
                    droppedBrackets++;
                    return NO_BRACKET;
                }
                int i = bracketCount * 3;
                if (i == brackets.length) brackets = Arrays.copyOf(brackets, brackets.length * 2);
                brackets[i] = tid;
                brackets[i + 1] = now;
                brackets[i + 2] = OPEN;
                return bracketCount++;
            }
        } catch (Throwable e) {
            tracker.markFailure("enter", e);
            return NO_BRACKET;
        }
    }

    /** Ends the bracket {@code token} returned by {@link #enter()}. */
    public void exit(long token) {
        if (tracker == null || token < 0) return;
        try {
            long now = tracker.now();
            synchronized (lock) {
                // after end() every bracket is already closed at the request's end: keep it there
                if (!ended && token < bracketCount) brackets[(int) token * 3 + 2] = now;
            }
        } catch (Throwable e) {
            tracker.markFailure("exit", e);
        }
    }

    /** Sets the route template once the framework has matched it, e.g. {@code /users/{id}}. */
    public void route(String routeTemplate) {
        this.route = routeTemplate;
    }

    /**
     * Ends the request with the HTTP status sent (0 when none, e.g. the client went away). Brackets
     * still open are closed now. The profile is built off this thread once the samples up to now
     * have been read. Only the first call counts.
     */
    public void end(int status) {
        if (tracker == null) return;
        try {
            long now = tracker.now();
            long elapsed = System.nanoTime() - startNanoTime;
            synchronized (lock) {
                if (ended) return;
                for (int i = 0; i < bracketCount; i++) {
                    if (brackets[i * 3 + 2] == OPEN) brackets[i * 3 + 2] = now;
                }
                this.status = status;
                this.endTime = now;
                this.elapsedNanos = elapsed;
                this.ended = true;
            }
            // Nothing more on the request thread: the sampler thread delivers once samples are read.
        } catch (Throwable e) {
            tracker.markFailure("end", e);
        }
    }

    /** The route template set so far, or null. */
    String routeTemplate() {
        return route;
    }

    /** Whether {@link #end(int)} was called. */
    public boolean isEnded() {
        return ended;
    }

    long beginTime() {
        return beginTime;
    }

    long endTime() {
        synchronized (lock) {
            return endTime;
        }
    }

    /** Copies the brackets under the lock, for the sampler thread. */
    long[] bracketSnapshot() {
        synchronized (lock) {
            return Arrays.copyOf(brackets, bracketCount * 3);
        }
    }

    /** Whether any bracket of this request ran on a virtual thread. */
    boolean ranOnVirtualThread() {
        return onVirtualThread;
    }

    int droppedBrackets() {
        synchronized (lock) {
            return droppedBrackets;
        }
    }

    RequestFacts facts() {
        synchronized (lock) {
            return new RequestFacts(id, method, path, route, status, start, java.time.Duration.ofNanos(elapsedNanos));
        }
    }

    @Override
    public String toString() {
        return "ActiveRequest{" + id + ' ' + method + ' ' + path + (ended ? " ended " + status : " in flight") + '}';
    }
}
