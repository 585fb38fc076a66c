/**
 * Request profiling for vertx-web: {@link io.reqprof.vertx.ReqprofHandler} (first on a router),
 * {@link io.reqprof.vertx.ReqprofVertx} (start at boot, stop with {@code vertx.close()}) and
 * {@link io.reqprof.vertx.Profiled} (attribute a request's later callbacks to it). Runs on Vert.x
 * 4.5 and 5: it uses only API present in both. See {@code vertx-handler/README.md}.
 */
package io.reqprof.vertx;
