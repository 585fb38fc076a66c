package io.reqprof.collector.http;

/** An HTTP error answer: status and a reason the client can act on. */
final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String wwwAuthenticate;

    HttpError(int status, String reason) {
        this(status, reason, null);
    }

    private HttpError(int status, String reason, String wwwAuthenticate) {
        super(reason);
        this.status = status;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    static HttpError unauthorized(String reason) {
        return new HttpError(401, reason, "Bearer");
    }

    HttpReply reply() {
        HttpReply r = HttpReply.error(status, getMessage());
        return wwwAuthenticate == null ? r : r.header("WWW-Authenticate", wwwAuthenticate);
    }
}
