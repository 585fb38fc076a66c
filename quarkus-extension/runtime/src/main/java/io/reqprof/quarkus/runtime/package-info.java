/**
 * Runtime of reqprof's Quarkus extension: configuration ({@link io.reqprof.quarkus.runtime.ReqprofConfig}),
 * the recorder that starts and stops reqprof, and the Vert.x filter that brackets requests. The
 * work is done by {@code io.reqprof.core}; this package only adapts it to Quarkus.
 */
package io.reqprof.quarkus.runtime;
