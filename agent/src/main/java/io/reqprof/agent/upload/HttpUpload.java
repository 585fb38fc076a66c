package io.reqprof.agent.upload;

import io.reqprof.agent.upload.ProfileSink.RetryableUploadException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.IntPredicate;

/**
 * One HTTP client for the push sinks (Pyroscope, OTLP): POSTs a profile body with the optional bearer
 * token and sorts the outcome the way {@link ProfileSink#upload} promises: unreachable or a status
 * the backend calls retryable is a {@link RetryableUploadException}, any other non-2xx an
 * {@link IOException}.
 */
public final class HttpUpload {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final String bearerToken;
    private final IntPredicate retryable;

    /**
     * @param bearerToken sent as {@code Authorization: Bearer}, or null
     * @param retryable   which HTTP statuses mean "the same profile may succeed later"
     */
    public HttpUpload(String bearerToken, IntPredicate retryable) {
        this.bearerToken = bearerToken;
        this.retryable = retryable;
    }

    /** POSTs {@code body} to {@code uri}; returns on a 2xx answer. */
    public void post(URI uri, String contentType, byte[] body) throws IOException, InterruptedException, RetryableUploadException {
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (bearerToken != null) req.header("Authorization", "Bearer " + bearerToken);
        HttpResponse<Void> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new RetryableUploadException(e.toString(), e);
        }
        int code = resp.statusCode();
        if (retryable.test(code)) throw new RetryableUploadException("HTTP " + code, null);
        if (code / 100 != 2) throw new IOException("HTTP " + code + " from " + uri);
    }
}
