package io.reqprof.core.web;

import io.reqprof.core.request.ActiveRequest;

/**
 * One request as an adapter sees it: bracket work with {@link #enter()}/{@link #exit(long)} on each
 * thread that works for it (on an event loop, around each callback), set the route once the
 * framework knows it, and {@link #end(int)} it once. Never throws; a request that is not profiled
 * makes every call a no-op costing about a nanosecond.
 */
public final class ProfiledRequest {
    static final ProfiledRequest NOT_PROFILED = new ProfiledRequest(null, false, false);

    private final ActiveRequest active;
    private final boolean triggered;
    private final boolean serverTiming;

    /** A request that is not profiled: every call is a no-op. For adapters that need a placeholder. */
    public static ProfiledRequest notProfiled() {
        return NOT_PROFILED;
    }

    ProfiledRequest(ActiveRequest active, boolean triggered, boolean serverTiming) {
        this.active = active;
        this.triggered = triggered;
        this.serverTiming = serverTiming;
    }

    /** Starts a bracket on the current thread; pass the token to {@link #exit(long)}. */
    public long enter() {
        return active == null ? -1 : active.enter();
    }

    /** Ends the bracket started by {@link #enter()}. */
    public void exit(long token) {
        if (active != null) active.exit(token);
    }

    /** The route template once known, e.g. {@code /users/{id}} or a servlet mapping {@code /api/*}. */
    public void route(String route) {
        if (active != null) active.route(route);
    }

    /** Ends the request with the status sent (0 when the client went away); later calls are ignored. */
    public void end(int status) {
        if (active != null) active.end(status);
    }

    /** Whether samples are being collected for this request. */
    public boolean profiled() {
        return active != null && active.isTracked();
    }

    /** Whether the trigger header forced this request's profile. */
    public boolean triggered() {
        return triggered;
    }

    /** reqprof's id for the request (the one in dump names and the index); empty when not profiled. */
    public String id() {
        return active == null ? "" : active.id();
    }

    /**
     * The value of a {@code Server-Timing} header naming this profile, {@code reqprof;desc="<id>"}, or
     * null when the header is off or the request is not profiled. Set it before the response commits.
     */
    public String serverTimingValue() {
        return serverTiming && profiled() ? "reqprof;desc=\"" + active.id() + "\"" : null;
    }
}
