package io.reqprof.agent.upload;

import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.continuous.WindowAggregator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every uploader needs, resolved by {@link io.reqprof.agent.Profiler#start}.
 *
 * @param service     service name (deployment target)
 * @param version     service version, or null
 * @param projectId   project id, or null when the target needs none
 * @param zone        the zone, looked up lazily (may return null); call it from an uploader thread
 * @param instance    instance name (profile label)
 * @param labels      extra labels
 * @param types       profile types both enabled and sampled by the session, in enum order
 * @param windows     the aggregator profiles are cut from
 * @param period      how often a profile of each type is collected (push targets, offline)
 * @param duration    length of each profile (push targets, offline)
 * @param backoff     retry policy settings
 * @param bearerToken token for an {@code authorization: Bearer} header, or null
 * @param stats       where uploaders count what they uploaded and what failed
 */
public record AgentContext(String service, String version, String projectId, Supplier<String> zone, String instance,
                           Map<String, String> labels, List<ProfileType> types, WindowAggregator windows,
                           Duration period, Duration duration, Backoff.Policy backoff, String bearerToken,
                           UploadStats stats) {
}
