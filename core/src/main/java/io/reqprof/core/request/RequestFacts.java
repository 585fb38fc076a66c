package io.reqprof.core.request;

import java.time.Duration;
import java.time.Instant;

/**
 * What is known about one profiled HTTP request once it has ended.
 *
 * @param id      reqprof's id for the request, unique within the JVM
 * @param method  HTTP method as received, e.g. {@code GET}
 * @param path    request path as received (hostile input: never use it raw in a file name)
 * @param route   route template such as {@code /users/{id}}, or null when the framework gave none
 * @param status  HTTP status sent, or 0 when the exchange ended without one (client gone)
 * @param start   wall-clock time the request began
 * @param elapsed time from begin to end as measured by the adapter
 */
public record RequestFacts(String id, String method, String path, String route, int status,
                           Instant start, Duration elapsed) {
}
