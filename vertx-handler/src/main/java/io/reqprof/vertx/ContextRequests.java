package io.reqprof.vertx;

import io.reqprof.core.request.RequestTracker;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which profiled request a Vert.x context belongs to. Vert.x 4.5 and 5 give every HTTP request its
 * own duplicated context, and run the request's timers, client callbacks and {@code executeBlocking}
 * tasks on it (on the event loop or a worker thread), so {@link Vertx#currentContext()} tells whose
 * callback is running.
 *
 * <p>Why a map and not Vert.x context-local storage: {@code ContextLocal} (the public API in both
 * versions) must be registered before the {@code Vertx} instance is created, and the registration
 * hook ({@code VertxServiceProvider}) has different signatures in 4.5 and 5. Entries are removed when
 * the request ends, which Vert.x guarantees on response end or connection close; the map is bounded
 * and aged like the tracker.
 */
final class ContextRequests {
    private static final Map<Context, VertxRequest> BY_CONTEXT = new ConcurrentHashMap<>();
    private static final AtomicLong ADDS = new AtomicLong();
    private static final long MAX_AGE_NANOS = RequestTracker.MAX_AGE.toNanos();

    private ContextRequests() {
    }

    static void add(VertxRequest r) {
        if (r.context != null && BY_CONTEXT.size() < RequestTracker.MAX_IN_FLIGHT) BY_CONTEXT.put(r.context, r);
        if ((ADDS.incrementAndGet() & 1023) == 0) dropLeaked(r.begunNanos);
    }

    /**
     * Forgets requests older than the tracker's {@link RequestTracker#MAX_AGE}: their end never came,
     * e.g. because the application replaced the response's end and close handlers, which vertx-web's
     * end handlers rely on. The tracker drops them at the same age.
     */
    private static void dropLeaked(long now) {
        BY_CONTEXT.values().removeIf(r -> now - r.begunNanos > MAX_AGE_NANOS);
    }

    static void remove(VertxRequest r) {
        if (r.context != null) BY_CONTEXT.remove(r.context, r);
    }

    /**
     * The request of the callback running now: the current context's, else the one whose bracket is
     * open on this thread (a wrapped callback running on some other context), else null. The context
     * comes first because Vert.x may run another request's callback synchronously inside a bracket
     * (completing a promise another request listens to), and it switches the context for it.
     */
    static VertxRequest current() {
        Context context = Vertx.currentContext();
        VertxRequest r = context == null ? null : BY_CONTEXT.get(context);
        return r != null ? r : VertxRequest.inside();
    }

    /** Requests registered and not yet ended (for tests). */
    static int size() {
        return BY_CONTEXT.size();
    }
}
