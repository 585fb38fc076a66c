/**
 * reqprof's embedded collector: a Cloud Profiler v2 gRPC server, a Pyroscope-compatible ingest
 * endpoint, a durable profile store, a JSON API and a web UI with flame graphs. Start it with
 * {@code java -jar reqprof-collector.jar} ({@link io.reqprof.collector.Main}) or in-process with
 * {@link io.reqprof.collector.Collector#start(CollectorConfig)}.
 */
package io.reqprof.collector;
