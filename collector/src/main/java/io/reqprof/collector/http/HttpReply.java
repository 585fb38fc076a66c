package io.reqprof.collector.http;

import io.reqprof.core.internal.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a route answers: status, headers and the whole body. The collector's answers are small
 * (JSON, a flame graph, one stored profile), so they are built in memory and written without
 * holding a thread while a slow client reads them.
 */
final class HttpReply {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final byte[] body;

    private HttpReply(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body;
        if (contentType != null) headers.put("Content-Type", contentType);
        headers.put("X-Content-Type-Options", "nosniff");
    }

    static HttpReply json(int status, Object body) {
        return new HttpReply(status, "application/json; charset=utf-8", JsonWriter.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    static HttpReply error(int status, String reason) {
        return json(status, Map.of("error", reason == null ? "error" : reason));
    }

    static HttpReply bytes(int status, String contentType, byte[] body) {
        return new HttpReply(status, contentType, body);
    }

    static HttpReply empty(int status) {
        return new HttpReply(status, null, new byte[0]);
    }

    /** Downloads open as a file named {@code filename}. */
    static HttpReply download(String filename, byte[] body) {
        HttpReply r = bytes(200, "application/octet-stream", body);
        return r.header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    }

    HttpReply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
