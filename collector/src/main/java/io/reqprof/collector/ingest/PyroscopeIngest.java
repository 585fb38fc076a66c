package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pyroscope's {@code POST /ingest?name=app{k=v,...}&from=&until=&format=pprof|jfr&sampleRate=}.
 * The body is the profile itself, or {@code multipart/form-data} with a {@code jfr} part (what
 * Pyroscope's Java agent sends, gzip) or a {@code profile} part (pprof). The application name is
 * the target; name labels {@code version} and {@code zone} become deployment labels, the others
 * profile labels; the project is {@value #PROJECT}.
 */
public final class PyroscopeIngest {
    /** Project id given to everything that arrives through Pyroscope ingest. */
    public static final String PROJECT = "pyroscope-ingest";

    private final ProfileIntake intake;

    /** Ingest into {@code intake}. */
    public PyroscopeIngest(ProfileIntake intake) {
        this.intake = intake;
    }

    /**
     * Handles one ingest request.
     *
     * @param q           the URL's query parameters, decoded with {@link #query}
     * @param contentType the request's Content-Type, or null
     * @param body        the request body (already capped by the caller)
     * @return the stored profiles, one per type
     */
    public List<StoredProfile> ingest(Map<String, String> q, String contentType, byte[] body)
            throws InvalidProfileException, IOException {
        String name = q.get("name");
        if (name == null || name.isBlank()) throw new InvalidProfileException("query parameter 'name' is required");
        Map<String, String> deployment = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        String app = parseName(name, deployment, labels);
        String format = q.getOrDefault("format", "pprof");
        long from = seconds(q, "from");
        long until = seconds(q, "until");
        long startNanos = from > 0 ? from * 1_000_000_000L : System.currentTimeMillis() * 1_000_000L;
        long durationNanos = from > 0 && until > from ? (until - from) * 1_000_000_000L : 0;
        long sampleRate = q.containsKey("sampleRate") ? seconds(q, "sampleRate") : 100;
        if (sampleRate <= 0) throw new InvalidProfileException("sampleRate must be a positive number");

        byte[] payload = body;
        if (contentType != null && contentType.toLowerCase().startsWith("multipart/form-data")) {
            Map<String, byte[]> parts = Multipart.parse(contentType, body);
            payload = parts.containsKey("jfr") ? parts.get("jfr") : parts.get("profile");
            if (payload == null) throw new InvalidProfileException("multipart body has neither a 'jfr' nor a 'profile' part");
            if (parts.containsKey("jfr")) format = "jfr";
        }
        if (payload.length == 0) throw new InvalidProfileException("empty profile");
        Names.target(app);
        deployment.put("language", "java");
        Names.labels("deployment", deployment);
        Names.labels("profile", labels);

        List<StoredProfile> stored = new ArrayList<>();
        switch (format) {
            case "jfr" -> {
                byte[] jfr = Gzip.gunzip(payload, intake.limits().maxDecompressedBytes());
                Map<String, byte[]> profiles = JfrConverter.convert(jfr, 1_000_000_000L / sampleRate, startNanos, durationNanos,
                        intake.limits().parse());
                for (Map.Entry<String, byte[]> p : profiles.entrySet()) {
                    stored.add(intake.accept(PROJECT, app, deployment, p.getKey(), labels, p.getValue(),
                            startNanos / 1_000_000, durationNanos, "ingest"));
                }
            }
            case "pprof" -> {
                String type = typeFromName(q.getOrDefault("spyName", ""), name);
                stored.add(intake.accept(PROJECT, app, deployment, type, labels, payload, from * 1000, durationNanos, "ingest"));
            }
            default -> throw new InvalidProfileException("format '" + Names.quote(format) + "' is not supported; use pprof or jfr");
        }
        return stored;
    }

    /** {@code app.cpu{env=prod,version=1}}: the app name, with labels sorted into deployment and profile labels. */
    static String parseName(String name, Map<String, String> deployment, Map<String, String> labels)
            throws InvalidProfileException {
        int brace = name.indexOf('{');
        String app = brace < 0 ? name : name.substring(0, brace);
        if (brace >= 0) {
            if (!name.endsWith("}")) throw new InvalidProfileException("name " + Names.quote(name) + " has an unclosed '{'");
            for (String kv : name.substring(brace + 1, name.length() - 1).split(",")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new InvalidProfileException("label " + Names.quote(kv) + " in name is not key=value");
                String k = kv.substring(0, eq).trim();
                String v = kv.substring(eq + 1).trim();
                if (k.equals("__name__")) continue;
                if (k.equals("version") || k.equals("zone")) deployment.put(k, v);
                else labels.put(k, v);
            }
        }
        // Pyroscope suffixes the app name with the profile type in some clients ("app.cpu")
        for (String suffix : new String[] {".cpu", ".itimer", ".wall", ".alloc_objects", ".alloc_space", ".lock_count", ".lock_duration"}) {
            if (app.endsWith(suffix)) return app.substring(0, app.length() - suffix.length());
        }
        return app;
    }

    private static String typeFromName(String spyName, String name) {
        int brace = name.indexOf('{');
        String app = brace < 0 ? name : name.substring(0, brace);
        if (app.endsWith(".wall")) return "WALL";
        if (app.endsWith(".alloc_objects") || app.endsWith(".alloc_space")) return "HEAP_ALLOC";
        if (app.endsWith(".lock_count") || app.endsWith(".lock_duration")) return "CONTENTION";
        return "CPU";
    }

    private static long seconds(Map<String, String> q, String key) throws InvalidProfileException {
        String v = q.get(key);
        if (v == null || v.isBlank()) return 0;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidProfileException("query parameter '" + key + "' must be a whole number, was " + Names.quote(v));
        }
    }

    /** Decodes a query string; later duplicates are ignored. */
    public static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
