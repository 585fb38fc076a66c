package io.reqprof.collector.http;

/** An HTTP error answer: status and a reason the client can act on. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }
}
