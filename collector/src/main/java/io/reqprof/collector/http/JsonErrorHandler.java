package io.reqprof.collector.http;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors the HTTP server answers by itself before a route runs (a malformed URI, a request head
 * over the size cap, a bad {@code Content-Length}) in the API's shape, {@code {"error": ...}},
 * instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        HttpReply reply = HttpReply.error(code, message == null || message.isBlank() ? "HTTP " + code : message);
        reply.headers.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body), callback);
    }
}
