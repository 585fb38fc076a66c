package io.reqprof.collector.http;

import io.reqprof.collector.store.ProfileQuery;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Query parameters to a {@link ProfileQuery}: {@code service}, {@code type}, {@code version},
 * {@code zone}, {@code label=key:value} (repeatable as {@code label}, {@code label2}, ... or
 * comma-separated), {@code from} and {@code until} (epoch ms, or ISO-8601 instants), {@code limit}.
 * With a prefix ({@code a.}, {@code b.}) a prefixed parameter overrides the plain one: how the
 * diff's two sides share a service and differ in version or time.
 */
final class Selection {
    private Selection() {
    }

    static ProfileQuery parse(Map<String, String> q, String prefix, int maxLimit) throws HttpError {
        String target = get(q, prefix, "service");
        String type = get(q, prefix, "type");
        String version = get(q, prefix, "version");
        String zone = get(q, prefix, "zone");
        Map<String, String> labels = new LinkedHashMap<>();
        String label = get(q, prefix, "label");
        if (label != null && !label.isEmpty()) {
            for (String kv : label.split(",")) {
                int colon = kv.indexOf(':');
                if (colon <= 0) throw new HttpError(400, "label must be key:value, was '" + kv + "'");
                labels.put(kv.substring(0, colon).trim(), kv.substring(colon + 1).trim());
            }
        }
        long from = time(get(q, prefix, "from"), "from");
        long until = time(get(q, prefix, "until"), "until");
        String limitText = get(q, prefix, "limit");
        int limit = maxLimit;
        if (limitText != null && !limitText.isEmpty()) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                throw new HttpError(400, "limit must be a whole number");
            }
            if (limit <= 0) throw new HttpError(400, "limit must be at least 1");
            if (maxLimit > 0) limit = Math.min(limit, maxLimit);
        }
        return new ProfileQuery(blank(target), blank(type), version, zone, labels, from, until, limit);
    }

    private static String get(Map<String, String> q, String prefix, String key) {
        if (prefix != null && q.containsKey(prefix + key)) return q.get(prefix + key);
        return q.get(key);
    }

    private static String blank(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static long time(String v, String name) throws HttpError {
        if (v == null || v.isEmpty()) return 0;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new HttpError(400, name + " must be epoch milliseconds or an ISO-8601 instant, was '" + v + "'");
            }
        }
    }
}
