package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cloud Profiler v2's naming rules ({@code google/devtools/cloudprofiler/v2/profiler.proto}):
 * project ids, targets, label names, label value and total sizes, and the profile types.
 */
public final class Names {
    /** {@code Deployment.project_id}. */
    static final Pattern PROJECT = Pattern.compile("^[a-z][-a-z0-9:.]{4,61}[a-z0-9]$");
    /** {@code Deployment.target}. */
    static final Pattern TARGET = Pattern.compile("^[a-z0-9]([-a-z0-9_.]{0,253}[a-z0-9])?$");
    /** Label names (deployment and profile labels). */
    static final Pattern LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    /** Largest label value in bytes. */
    public static final int MAX_LABEL_VALUE_BYTES = 512;
    /** Largest sum of label name and value sizes in bytes. */
    public static final int MAX_LABELS_BYTES = 1024;
    /** The profile types of {@code google.devtools.cloudprofiler.v2.ProfileType}, in rotation order. */
    public static final Set<String> TYPES = Set.of("CPU", "WALL", "HEAP", "THREADS", "CONTENTION", "PEAK_HEAP", "HEAP_ALLOC");

    private Names() {
    }

    /** Checks a project id. */
    public static void project(String id) throws InvalidProfileException {
        if (id == null || !PROJECT.matcher(id).matches()) {
            throw new InvalidProfileException("project_id " + quote(id) + " must match " + PROJECT.pattern());
        }
    }

    /** Checks a target (service name). */
    public static void target(String target) throws InvalidProfileException {
        if (target == null || !TARGET.matcher(target).matches()) {
            throw new InvalidProfileException("target " + quote(target) + " must match " + TARGET.pattern());
        }
    }

    /** Checks a profile type name such as {@code CPU}. */
    public static void type(String type) throws InvalidProfileException {
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidProfileException("profile type " + quote(type) + " must be one of " + new java.util.TreeSet<>(TYPES));
        }
    }

    /**
     * Checks labels: names match {@link #LABEL}, values at most {@link #MAX_LABEL_VALUE_BYTES},
     * all names and values together at most {@link #MAX_LABELS_BYTES} (UTF-8 bytes).
     *
     * @param what {@code deployment} or {@code profile}, for the message
     */
    public static void labels(String what, Map<String, String> labels) throws InvalidProfileException {
        int total = 0;
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!LABEL.matcher(l.getKey()).matches()) {
                throw new InvalidProfileException(what + " label name " + quote(l.getKey()) + " must match " + LABEL.pattern());
            }
            int valueBytes = l.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (valueBytes > MAX_LABEL_VALUE_BYTES) {
                throw new InvalidProfileException(what + " label " + l.getKey() + " has a value of " + valueBytes
                        + " bytes; at most " + MAX_LABEL_VALUE_BYTES + " are allowed");
            }
            total += l.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes;
        }
        if (total > MAX_LABELS_BYTES) {
            throw new InvalidProfileException(what + " labels add up to " + total + " bytes; at most "
                    + MAX_LABELS_BYTES + " are allowed");
        }
    }

    /** A value for an error message: quoted, and cut when long (a huge hostile value should not echo back whole). */
    static String quote(String s) {
        if (s == null) return "(missing)";
        String shown = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
