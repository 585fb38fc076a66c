package io.reqprof.collector.pprof;

/**
 * Input that is not an acceptable profile; the message is the reason given back to the uploader.
 * {@link #overLimit()} tells a size cap exceeded (answered RESOURCE_EXHAUSTED / HTTP 413), and
 * {@link #busy()} a collector that cannot take the upload now (UNAVAILABLE / HTTP 503: retry), from
 * malformed input (INVALID_ARGUMENT / HTTP 400).
 */
public final class InvalidProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean overLimit;
    private final boolean busy;

    /** An upload rejected for {@code reason}. */
    public InvalidProfileException(String reason) {
        this(reason, null, false, false);
    }

    /** An upload rejected for {@code reason}, caused by {@code cause}. */
    public InvalidProfileException(String reason, Throwable cause) {
        this(reason, cause, false, false);
    }

    private InvalidProfileException(String reason, Throwable cause, boolean overLimit, boolean busy) {
        super(reason, cause);
        this.overLimit = overLimit;
        this.busy = busy;
    }

    /** An upload rejected because it exceeds a size cap; {@code reason} names the cap's setting. */
    public static InvalidProfileException overLimit(String reason) {
        return new InvalidProfileException(reason, null, true, false);
    }

    /** An upload the collector cannot take now, though it may be fine: the uploader should retry. */
    public static InvalidProfileException busy(String reason) {
        return new InvalidProfileException(reason, null, false, true);
    }

    /** Whether the collector was too busy; the upload itself was not looked at. */
    public boolean busy() {
        return busy;
    }

    /** Whether a size cap, not the content, rejected the upload. */
    public boolean overLimit() {
        return overLimit;
    }
}
