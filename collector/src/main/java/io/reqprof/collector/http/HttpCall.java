package io.reqprof.collector.http;

import java.util.Map;
import java.util.function.Function;

/**
 * One HTTP request as the routes see it, independent of the server: its body has already been
 * read within the upload cap.
 *
 * @param method   request method
 * @param path     decoded path
 * @param query    decoded query parameters (first of duplicates)
 * @param header   a request header's first value by name, or null
 * @param body     the request body (empty when none)
 */
record HttpCall(String method, String path, Map<String, String> query,
                Function<String, String> header, byte[] body) {
    /** The same request with its body, once read. */
    HttpCall withBody(byte[] bytes) {
        return new HttpCall(method, path, query, header, bytes);
    }

    boolean head() {
        return method.equals("HEAD");
    }
}
