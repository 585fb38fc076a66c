package io.reqprof.core.internal.json;

import java.util.Collection;
import java.util.Map;

/**
 * Appends JSON to a {@link StringBuilder}. Strings are escaped so that the output is ASCII and
 * safe to embed in an HTML script element ({@code <}, {@code >} and {@code &} escaped too).
 * Commas are the caller's job only through {@link #value(Object)} for collections and maps.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** Appends {@code s} as a JSON string, or {@code null}. */
    public static StringBuilder string(StringBuilder out, String s) {
        if (s == null) return out.append("null");
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /**
     * Appends a value: null, Boolean, Number, String, Map (string keys, in iteration order),
     * Collection, long[] or any other object as its {@code toString()}.
     */
    public static StringBuilder value(StringBuilder out, Object v) {
        if (v == null) return out.append("null");
        if (v instanceof String s) return string(out, s);
        if (v instanceof Boolean || v instanceof Integer || v instanceof Long) return out.append(v);
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? out.append(d) : out.append("null");
        }
        if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) out.append(',');
                first = false;
                string(out, String.valueOf(e.getKey())).append(':');
                value(out, e.getValue());
            }
            return out.append('}');
        }
        if (v instanceof Collection<?> c) {
            out.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) out.append(',');
                first = false;
                value(out, o);
            }
            return out.append(']');
        }
        if (v instanceof long[] a) {
            out.append('[');
            for (int i = 0; i < a.length; i++) {
                if (i > 0) out.append(',');
                out.append(a[i]);
            }
            return out.append(']');
        }
        return string(out, v.toString());
    }

    /** {@code v} as JSON text. */
    public static String toJson(Object v) {
        return value(new StringBuilder(), v).toString();
    }
}
