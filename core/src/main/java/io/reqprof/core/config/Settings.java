package io.reqprof.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An immutable, layered view of {@code reqprof.*} settings. Keys are always the full property name
 * ({@code reqprof.profile-dir}); each layer maps them its own way (an environment layer reads
 * {@code REQPROF_PROFILE_DIR}). The first layer holding a non-blank value wins.
 *
 * <pre>{@code
 * Settings s = Settings.of("filter init parameter", initParams)
 *         .orElse(Settings.systemProperties())
 *         .orElse(Settings.environment());
 * Duration d = s.duration("reqprof.min-elapsed", Duration.ZERO);
 * }</pre>
 *
 * Typed getters throw {@link IllegalArgumentException} with a message like
 * {@code reqprof.min-elapsed: must be a duration such as 250ms, 2s or PT1S, was 'soon' (from system property)}.
 */
public final class Settings {
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h|d)");

    private final List<Layer> layers;

    private record Layer(String name, Function<String, String> lookup) {
    }

    private Settings(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /** No settings at all: every getter returns its default. */
    public static Settings empty() {
        return new Settings(List.of());
    }

    /**
     * Settings from a map keyed by full names ({@code reqprof.x}); keys without the {@code reqprof.}
     * prefix are found too, so servlet init parameters may be written either way.
     *
     * @param sourceName how error messages name this source, e.g. {@code "filter init parameter"}
     */
    public static Settings of(String sourceName, Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return from(sourceName, key -> {
            String v = copy.get(key);
            return v != null ? v : copy.get(shortName(key));
        });
    }

    /** Settings read on demand by {@code lookup} (full key in, value or null out). */
    public static Settings from(String sourceName, Function<String, String> lookup) {
        return new Settings(List.of(new Layer(sourceName, Objects.requireNonNull(lookup))));
    }

    /** JVM system properties ({@code -Dreqprof.profile-dir=...}). */
    public static Settings systemProperties() {
        return from("system property", System::getProperty);
    }

    /** Environment variables: {@code reqprof.profile-dir} is read from {@code REQPROF_PROFILE_DIR}. */
    public static Settings environment() {
        return from("environment variable", key -> System.getenv(environmentName(key)));
    }

    /** The usual stack for a Java-configured component: system properties, then environment. */
    public static Settings fromSystem() {
        return systemProperties().orElse(environment());
    }

    /** The environment variable that holds {@code key}: upper case, dots and dashes to underscores. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String shortName(String key) {
        return key.startsWith("reqprof.") ? key.substring("reqprof.".length()) : key;
    }

    /** These settings, falling back to {@code lower} for keys they do not hold. */
    public Settings orElse(Settings lower) {
        List<Layer> all = new ArrayList<>(layers);
        all.addAll(lower.layers);
        return new Settings(all);
    }

    /** The trimmed value of {@code key} from the first layer that holds a non-blank one. */
    public Optional<String> get(String key) {
        return find(key).map(Found::value);
    }

    private record Found(String value, String source) {
    }

    private Optional<Found> find(String key) {
        for (Layer l : layers) {
            String v = l.lookup.apply(key);
            if (v != null && !v.isBlank()) return Optional.of(new Found(v.trim(), l.name));
        }
        return Optional.empty();
    }

    /** {@code key} as text, or {@code def}. */
    public String string(String key, String def) {
        return get(key).orElse(def);
    }

    /** {@code key} as {@code true} or {@code false} (any case), or {@code def}. */
    public boolean bool(String key, boolean def) {
        return parse(key, def, "must be true or false", v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        });
    }

    /** {@code key} as a whole number, or {@code def}. Range rules belong to the caller's builder. */
    public long number(String key, long def) {
        return parse(key, def, "must be a whole number", v -> {
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        });
    }

    /** {@code key} as a size in bytes ({@code 1048576}, {@code 512k}, {@code 64m}, {@code 2g}), or {@code def}. */
    public long bytes(String key, long def) {
        return parse(key, def, "must be a size in bytes such as 1048576, 512k, 64m or 2g", Settings::parseBytes);
    }

    /** {@code key} as a duration ({@code 250ms}, {@code 2s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT1S}), or {@code def}. */
    public Duration duration(String key, Duration def) {
        return parse(key, def, "must be a duration such as 250ms, 2s, 5m or PT1S", Settings::parseDuration);
    }

    /** {@code key} as a path, or {@code def}. */
    public Path path(String key, Path def) {
        return parse(key, def, "must be a file system path", v -> {
            try {
                return Path.of(v);
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    /** {@code key} as a comma-separated list of non-blank items, or {@code def}. */
    public List<String> list(String key, List<String> def) {
        Optional<String> v = get(key);
        if (v.isEmpty()) return def;
        List<String> items = new ArrayList<>();
        for (String item : v.get().split(",")) {
            if (!item.isBlank()) items.add(item.trim());
        }
        return List.copyOf(items);
    }

    /**
     * Parses {@code key} with {@code parser}, which returns null for a value it rejects.
     *
     * @throws IllegalArgumentException {@code <key>: <rule>, was '<value>' (from <source>)}
     */
    public <T> T parse(String key, T def, String rule, Function<String, T> parser) {
        Optional<Found> f = find(key);
        if (f.isEmpty()) return def;
        T value;
        try {
            value = parser.apply(f.get().value);
        } catch (RuntimeException e) {
            value = null;
        }
        if (value == null) throw invalid(key, rule);
        return value;
    }

    /** An error for the current value of {@code key}: {@code <key>: <rule>, was '<value>' (from <source>)}. */
    public IllegalArgumentException invalid(String key, String rule) {
        Optional<Found> f = find(key);
        return new IllegalArgumentException(key + ": " + rule
                + f.map(x -> ", was '" + x.value + "' (from " + x.source + " " + sourceKey(x.source, key) + ")").orElse(""));
    }

    private static String sourceKey(String source, String key) {
        return source.equals("environment variable") ? environmentName(key) : key;
    }

    static Duration parseDuration(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ns" -> Duration.ofNanos(n);
                case "us" -> Duration.ofNanos(Math.multiplyExact(n, 1000L));
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Long parseBytes(String v) {
        String s = v.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        if (s.endsWith("b") && s.length() > 1 && !Character.isDigit(s.charAt(s.length() - 2))) s = s.substring(0, s.length() - 1);
        if (s.endsWith("k")) unit = 1L << 10;
        else if (s.endsWith("m")) unit = 1L << 20;
        else if (s.endsWith("g")) unit = 1L << 30;
        if (unit != 1) s = s.substring(0, s.length() - 1);
        try {
            return Math.multiplyExact(Long.parseLong(s.trim()), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Settings" + layers.stream().map(Layer::name).toList();
    }
}
