package io.reqprof.collector.pprof;

/**
 * Input that is not an acceptable profile; the message is the reason given back to the uploader.
 * {@link #overLimit()} tells a size cap exceeded (answered RESOURCE_EXHAUSTED / HTTP 413) from
 * malformed input (INVALID_ARGUMENT / HTTP 400).
 */
public final class InvalidProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean overLimit;

    /** An upload rejected for {@code reason}. */
    public InvalidProfileException(String reason) {
        this(reason, null, false);
    }

    /** An upload rejected for {@code reason}, caused by {@code cause}. */
    public InvalidProfileException(String reason, Throwable cause) {
        this(reason, cause, false);
    }

    private InvalidProfileException(String reason, Throwable cause, boolean overLimit) {
        super(reason, cause);
        this.overLimit = overLimit;
    }

    /** An upload rejected because it exceeds a size cap; {@code reason} names the cap's setting. */
    public static InvalidProfileException overLimit(String reason) {
        return new InvalidProfileException(reason, null, true);
    }

    /** Whether a size cap, not the content, rejected the upload. */
    public boolean overLimit() {
        return overLimit;
    }
}
