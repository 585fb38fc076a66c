package io.reqprof.collector.pprof;

/**
 * Input that is not an acceptable profile; the message is the reason given back to the uploader.
 * {@link #overLimit()} tells a size cap exceeded (answered RESOURCE_EXHAUSTED / HTTP 413), and
 * {@link #busy()} a collector that cannot take the upload now (UNAVAILABLE / HTTP 503: retry), from
 * malformed input (INVALID_ARGUMENT / HTTP 400).
 */
public final class InvalidProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private enum Kind { MALFORMED, OVER_LIMIT, BUSY }

    private final Kind kind;

    /** An upload rejected for {@code reason}. */
    public InvalidProfileException(String reason) {
        this(reason, null, Kind.MALFORMED);
    }

    /** An upload rejected for {@code reason}, caused by {@code cause}. */
    public InvalidProfileException(String reason, Throwable cause) {
        this(reason, cause, Kind.MALFORMED);
    }

    private InvalidProfileException(String reason, Throwable cause, Kind kind) {
        super(reason, cause);
        this.kind = kind;
    }

    /** An upload rejected because it exceeds a size cap; {@code reason} names the cap's setting. */
    public static InvalidProfileException overLimit(String reason) {
        return new InvalidProfileException(reason, null, Kind.OVER_LIMIT);
    }

    /** An upload the collector cannot take now, though it may be fine: the uploader should retry. */
    public static InvalidProfileException busy(String reason) {
        return new InvalidProfileException(reason, null, Kind.BUSY);
    }

    /** Whether the collector was too busy; the upload itself was not looked at. */
    public boolean busy() {
        return kind == Kind.BUSY;
    }

    /** Whether a size cap, not the content, rejected the upload. */
    public boolean overLimit() {
        return kind == Kind.OVER_LIMIT;
    }
}
