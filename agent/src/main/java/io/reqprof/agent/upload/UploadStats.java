package io.reqprof.agent.upload;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent's uploads have come to since it started: profiles the target accepted, attempts
 * that failed, and the last failure's message, for status pages such as the Spring Boot starter's
 * Actuator endpoint. Every uploader counts the same way; safe for any thread.
 */
public final class UploadStats {
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastError;
    private volatile long lastUploadMillis;
    private volatile long lastErrorMillis;

    /** A profile the target accepted. */
    public void uploaded() {
        uploaded.incrementAndGet();
        lastUploadMillis = System.currentTimeMillis();
    }

    /** An attempt that failed (retried or not), and why. */
    public void failed(String why) {
        failed.incrementAndGet();
        lastError = why;
        lastErrorMillis = System.currentTimeMillis();
    }

    /** The counts now. */
    public Snapshot snapshot() {
        long up = lastUploadMillis;
        long err = lastErrorMillis;
        return new Snapshot(uploaded.get(), failed.get(), up == 0 ? null : Instant.ofEpochMilli(up), lastError,
                err == 0 ? null : Instant.ofEpochMilli(err));
    }

    /**
     * Uploads so far.
     *
     * @param uploaded    profiles the target accepted
     * @param failed      attempts that failed
     * @param lastUpload  when the last accepted one was, or null
     * @param lastError   the last failure's message, or null
     * @param lastErrorAt when that was, or null
     */
    public record Snapshot(long uploaded, long failed, Instant lastUpload, String lastError, Instant lastErrorAt) {
    }
}
