package io.reqprof.collector.store;

import java.util.Map;

/**
 * A validated profile about to be stored: everything of {@link StoredProfile} but the id and size.
 *
 * @param gzipPprof the gzip-compressed pprof bytes to keep
 */
public record NewProfile(String projectId, String target, Map<String, String> deploymentLabels, String type,
                         Map<String, String> labels, long startMillis, long durationNanos, String source,
                         byte[] gzipPprof) {
}
