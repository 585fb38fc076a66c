package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A werkzeug-style file name template: {@code {method}}, {@code {path}}, {@code {route}},
 * {@code {elapsed}} (whole milliseconds), {@code {time}} (epoch seconds), {@code {status}},
 * {@code {id}} and {@code {ext}}. A format spec after a colon, as in werkzeug's {@code {elapsed:.0f}},
 * is accepted and ignored, so werkzeug templates work unchanged. Every value is made safe with
 * {@link SafeNames}; the literal text may not contain path separators.
 *
 * <p>The default, {@value #DEFAULT}, is werkzeug's with {@code {id}} added so that two requests
 * to one path in the same second never overwrite each other (werkzeug's can).
 */
public final class FilenameTemplate implements FilenameFormat {
    /** The default template. */
    public static final String DEFAULT = "{method}.{path}.{elapsed}ms.{time}.{id}.{ext}";
    static final Set<String> PLACEHOLDERS = Set.of("method", "path", "route", "elapsed", "time", "status", "id", "ext");

    private final String template;
    private final List<Object> parts; // String literal or Placeholder name wrapped in Field

    private record Field(String name) {
    }

    private FilenameTemplate(String template, List<Object> parts) {
        this.template = template;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code template}.
     *
     * @throws IllegalArgumentException naming {@code reqprof.filename-format} and the problem
     */
    public static FilenameTemplate parse(String template) {
        String setting = "reqprof.filename-format";
        if (template == null || template.isBlank()) throw new IllegalArgumentException(setting + ": must not be empty");
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean hasExt = false;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                int close = template.indexOf('}', i);
                if (close < 0) throw new IllegalArgumentException(setting + ": unclosed '{' at position " + i + " in '" + template + "'");
                String field = template.substring(i + 1, close);
                int colon = field.indexOf(':');
                if (colon >= 0) field = field.substring(0, colon);
                if (!PLACEHOLDERS.contains(field)) {
                    throw new IllegalArgumentException(setting + ": unknown placeholder {" + field + "} in '" + template
                            + "'; known: {method} {path} {route} {elapsed} {time} {status} {id} {ext}");
                }
                hasExt |= field.equals("ext");
                if (literal.length() > 0) parts.add(literal.toString());
                literal.setLength(0);
                parts.add(new Field(field));
                i = close;
            } else if (c == '}') {
                throw new IllegalArgumentException(setting + ": unmatched '}' at position " + i + " in '" + template + "'");
            } else if (c == '/' || c == '\\' || c == 0) {
                throw new IllegalArgumentException(setting + ": must be a file name without directories, was '" + template + "'");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) parts.add(literal.toString());
        if (!hasExt) {
            // several formats per request need different names; werkzeug's ".prof" has no {ext}
            throw new IllegalArgumentException(setting + ": must contain {ext} so each format gets its own file, was '" + template + "'");
        }
        return new FilenameTemplate(template, parts);
    }

    @Override
    public String name(RequestFacts f, String ext) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Field field) {
                out.append(value(field.name, f, ext));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    private static String value(String field, RequestFacts f, String ext) {
        return switch (field) {
            case "method" -> SafeNames.part(f.method());
            case "path" -> SafeNames.path(f.path());
            case "route" -> f.route() == null ? SafeNames.path(f.path()) : SafeNames.path(f.route());
            case "elapsed" -> Long.toString(f.elapsed().toMillis());
            case "time" -> Long.toString(f.start().getEpochSecond());
            case "status" -> Integer.toString(f.status());
            case "id" -> SafeNames.part(f.id());
            default -> ext;
        };
    }

    @Override
    public String toString() {
        return template;
    }
}
