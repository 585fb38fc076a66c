package io.reqprof.collector.pprof;

/** Input that is not an acceptable profile; the message is the reason given back to the uploader. */
public final class InvalidProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An upload rejected for {@code reason}. */
    public InvalidProfileException(String reason) {
        super(reason);
    }

    /** An upload rejected for {@code reason}, caused by {@code cause}. */
    public InvalidProfileException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
