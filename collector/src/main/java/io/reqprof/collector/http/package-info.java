/**
 * The collector's HTTP side on Jetty's core server (no servlets): Pyroscope ingest, the JSON API
 * (lists, query, merge, diff, download, request dumps) and the web UI's static files.
 * {@link io.reqprof.collector.http.HttpEndpoint} owns the server and its limits,
 * {@code CollectorRoutes} what each path does.
 */
package io.reqprof.collector.http;
