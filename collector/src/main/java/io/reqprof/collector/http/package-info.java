/**
 * The collector's HTTP side on the JDK's built-in server: Pyroscope ingest, the JSON API
 * (lists, query, merge, diff, download, request dumps) and the web UI's static files.
 */
package io.reqprof.collector.http;
