/**
 * The Cloud Profiler v2 {@code ProfilerService} over gRPC: a long-poll scheduler that hands out one
 * profile per period per deployment, uploads into the intake, and bearer-token checks.
 */
package io.reqprof.collector.grpc;
