/**
 * pprof as the collector needs it: any profile type from any agent (not only the four that
 * {@code io.reqprof.core} models), validated strictly on upload, merged into a {@link io.reqprof.collector.pprof.StackTree}
 * for flame graphs, top tables and diffs, and written back as pprof. Built on protobuf-java's
 * coded streams, which the collector has anyway for gRPC.
 */
package io.reqprof.collector.pprof;
