package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counters behind a {@link DumpSelection}: which admitted request is the N-th, and how many dumps
 * the current minute has had. Thread-safe and lock-free; {@link #admit} runs on request threads.
 */
public final class DumpGate {
    private final DumpSelection selection;
    private final AtomicLong admitted = new AtomicLong();
    private final Object capLock = new Object();
    private long minute = Long.MIN_VALUE;
    private int inMinute;

    DumpGate(DumpSelection selection) {
        this.selection = selection;
    }

    /** The selection whose counters these are. */
    public DumpSelection selection() {
        return selection;
    }

    /** On the request thread when it begins: method and path rules, then 1-in-N. */
    public boolean admit(String method, String path) {
        if (!selection.matches(method, path)) return false;
        int n = selection.sampleOneIn();
        return n == 1 || admitted.getAndIncrement() % n == 0;
    }

    /**
     * When the profile is ready: outcome rules, then the per-minute cap (which only dumps that pass
     * everything else use up). A forced request skips every rule and is not counted.
     */
    public boolean accept(RequestFacts facts, boolean forced, long nowMillis) {
        if (forced) return true;
        if (!selection.matchesOutcome(facts)) return false;
        int cap = selection.maxPerMinute();
        if (cap == 0) return true;
        synchronized (capLock) {
            long m = Math.floorDiv(nowMillis, 60_000L);
            if (m != minute) {
                minute = m;
                inMinute = 0;
            }
            if (inMinute >= cap) return false;
            inMinute++;
            return true;
        }
    }
}
