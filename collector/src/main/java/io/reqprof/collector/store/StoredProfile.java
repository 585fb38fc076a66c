package io.reqprof.collector.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One stored profile's metadata, as the index holds it.
 *
 * @param id               store id, also the file name stem and the last part of the Cloud Profiler profile name
 * @param projectId        deployment project
 * @param target           deployment target (the service)
 * @param deploymentLabels deployment labels ({@code zone}, {@code version}, {@code language}, ...)
 * @param type             profile type as Cloud Profiler names it: {@code CPU}, {@code WALL}, {@code HEAP}, ...
 * @param labels           profile labels ({@code instance}, ...)
 * @param startMillis      start of the profiled window, epoch milliseconds
 * @param durationNanos    length of the profiled window
 * @param bytes            size of the stored gzip pprof file
 * @param source           how it arrived: {@code grpc}, {@code offline} or {@code ingest}
 */
public record StoredProfile(String id, String projectId, String target, Map<String, String> deploymentLabels,
                            String type, Map<String, String> labels, long startMillis, long durationNanos,
                            long bytes, String source) {

    /** Copies the maps so a record never changes after the fact. */
    public StoredProfile {
        deploymentLabels = Map.copyOf(deploymentLabels);
        labels = Map.copyOf(labels);
    }

    /** The {@code version} deployment label, or "" when there is none. */
    public String version() {
        return deploymentLabels.getOrDefault("version", "");
    }

    /** The {@code zone} deployment label, or "" when there is none. */
    public String zone() {
        return deploymentLabels.getOrDefault("zone", "");
    }

    /** The value of a label named {@code key}: a profile label, else a deployment label, else null. */
    public String label(String key) {
        String v = labels.get(key);
        return v != null ? v : deploymentLabels.get(key);
    }

    /** A JSON-ready view with stable key order, as the API and the index write it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("project", projectId);
        m.put("target", target);
        m.put("deployment_labels", new java.util.TreeMap<>(deploymentLabels));
        m.put("type", type);
        m.put("labels", new java.util.TreeMap<>(labels));
        m.put("start_ms", startMillis);
        m.put("duration_ns", durationNanos);
        m.put("bytes", bytes);
        m.put("source", source);
        return m;
    }

    /** The inverse of {@link #toMap()}. */
    @SuppressWarnings("unchecked")
    static StoredProfile fromMap(Map<String, Object> m) {
        return new StoredProfile((String) m.get("id"), (String) m.get("project"), (String) m.get("target"),
                (Map<String, String>) (Map<String, ?>) m.get("deployment_labels"), (String) m.get("type"),
                (Map<String, String>) (Map<String, ?>) m.get("labels"), ((Number) m.get("start_ms")).longValue(),
                ((Number) m.get("duration_ns")).longValue(), ((Number) m.get("bytes")).longValue(),
                (String) m.get("source"));
    }
}
