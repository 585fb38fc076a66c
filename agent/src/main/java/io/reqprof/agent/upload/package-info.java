/**
 * The uploaders behind {@link io.reqprof.agent.Profiler}: the Cloud Profiler v2 agent loop
 * ({@code cloud}), Pyroscope, OTLP and directory sinks fed by a {@link io.reqprof.agent.upload.PeriodicCollector}.
 * Public only so the agent's packages can reach each other; not part of reqprof's API.
 */
package io.reqprof.agent.upload;
