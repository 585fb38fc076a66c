package io.reqprof.vertx;

import io.reqprof.core.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Turns Vert.x-style configuration (a {@link JsonObject}, as verticles get it from {@code config()})
 * into the top layer of {@link Settings}, so the handler reads the same {@code reqprof.*} keys, with
 * the same precedence and error messages, as every other reqprof adapter.
 */
final class VertxSettings {
    private VertxSettings() {
    }

    /** Keys with or without the {@code reqprof.} prefix; numbers and booleans as text; arrays as lists. */
    static Settings of(JsonObject config) {
        return of(config == null ? Map.of() : config.getMap());
    }

    static Settings of(Map<String, ?> config) {
        Map<String, String> values = new HashMap<>();
        if (config != null) {
            config.forEach((key, value) -> {
                String text = text(value);
                if (key != null && text != null) values.put(key, text);
            });
        }
        return Settings.of(ReqprofVertx.SOURCE_NAME, values);
    }

    private static String text(Object value) {
        if (value == null) return null;
        if (value instanceof JsonArray array) return join(array.getList());
        if (value instanceof Iterable<?> items) return join(items);
        return value.toString();
    }

    private static String join(Iterable<?> items) {
        StringJoiner j = new StringJoiner(",");
        for (Object item : items) {
            if (item != null) j.add(item.toString());
        }
        return j.toString();
    }
}
