package io.reqprof.collector.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which stored profiles to select. Every field is optional (null or empty matches all); all given
 * fields must match. {@code labels} must each equal a profile or deployment label of that name.
 *
 * @param target      the service
 * @param type        profile type ({@code CPU}, ...)
 * @param version     deployment {@code version} label
 * @param zone        deployment {@code zone} label
 * @param labels      further label equalities
 * @param fromMillis  window start, inclusive, epoch ms (0: no bound)
 * @param untilMillis window end, exclusive, epoch ms (0: no bound)
 * @param limit       at most this many, newest first (0: no limit)
 */
public record ProfileQuery(String target, String type, String version, String zone, Map<String, String> labels,
                           long fromMillis, long untilMillis, int limit) {

    /** Normalizes nulls to empty. */
    public ProfileQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Everything. */
    public static ProfileQuery all() {
        return new ProfileQuery(null, null, null, null, Map.of(), 0, 0, 0);
    }

    /** True when {@code p} is selected (limit aside). */
    public boolean matches(StoredProfile p) {
        if (!eq(target, p.target()) || !eq(type, p.type()) || !eq(version, p.version()) || !eq(zone, p.zone())) {
            return false;
        }
        if (fromMillis > 0 && p.startMillis() < fromMillis) return false;
        if (untilMillis > 0 && p.startMillis() >= untilMillis) return false;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!l.getValue().equals(p.label(l.getKey()))) return false;
        }
        return true;
    }

    private static boolean eq(String want, String have) {
        return want == null || want.isEmpty() || want.equals(have);
    }

    /** A JSON-ready view, for answers that echo the selection. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (target != null) m.put("service", target);
        if (type != null) m.put("type", type);
        if (version != null) m.put("version", version);
        if (zone != null) m.put("zone", zone);
        if (!labels.isEmpty()) m.put("labels", labels);
        if (fromMillis > 0) m.put("from_ms", fromMillis);
        if (untilMillis > 0) m.put("until_ms", untilMillis);
        return m;
    }
}
