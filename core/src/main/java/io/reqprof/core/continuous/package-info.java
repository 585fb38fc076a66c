/**
 * Continuous profiles cut from the JVM's one sampling session: {@link io.reqprof.core.continuous.ProfileType}
 * (the profile types a continuous profiler asks for) and {@link io.reqprof.core.continuous.WindowAggregator}
 * (a profile of one type over a time window, taken from the session's chunk stream, with the route of
 * the request each sample belonged to as a pprof label). Framework-free and free of gRPC/protobuf; the
 * uploaders live in the {@code reqprof-agent} module.
 */
package io.reqprof.core.continuous;
