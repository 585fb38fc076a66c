package io.reqprof.collector.http;

import java.util.Map;
import java.util.function.Function;

/**
 * One HTTP request as the routes see it, independent of the server: its body has already been
 * read within the upload cap.
 *
 * @param method   request method
 * @param path     decoded path
 * @param rawQuery query string as sent, or null
 * @param query    decoded query parameters (first of duplicates)
 * @param header   a request header's first value by name, or null
 * @param body     the request body (empty when none)
 */
record HttpCall(String method, String path, String rawQuery, Map<String, String> query,
                Function<String, String> header, byte[] body) {
    boolean head() {
        return method.equals("HEAD");
    }
}
