package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A werkzeug-style file name template: {@code {method}}, {@code {path}}, {@code {route}},
 * {@code {elapsed}} (whole milliseconds), {@code {time}} (epoch seconds), {@code {status}},
 * {@code {id}} and {@code {ext}}. {@code {elapsed}} and {@code {time}} take werkzeug's fixed-point
 * format spec {@code .Nf} (N = 0 to 9 decimals, rounded half up): {@code {elapsed:.0f}},
 * {@code {time:.3f}}; any other spec is an error. Every value is made safe with {@link SafeNames};
 * the literal text may not contain path separators.
 *
 * <p>A template must contain {@code {ext}}, since one request may be dumped in several formats: so
 * werkzeug's default {@code {method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof} is written
 * {@code {method}.{path}.{elapsed:.0f}ms.{time:.0f}.{ext}} (its {@code .prof} files are cProfile
 * data, which reqprof does not write). The default, {@value #DEFAULT}, is that with {@code {id}}
 * added so that two requests to one path in the same second never overwrite each other (werkzeug's can).
 */
public final class FilenameTemplate implements FilenameFormat {
    /** The default template. */
    public static final String DEFAULT = "{method}.{path}.{elapsed}ms.{time}.{id}.{ext}";
    static final Set<String> PLACEHOLDERS = Set.of("method", "path", "route", "elapsed", "time", "status", "id", "ext");

    private final String template;
    private final List<Object> parts; // String literal or Field

    /** A placeholder and its decimals: -1 without a format spec. */
    private record Field(String name, int decimals) {
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
                String spec = null;
                int colon = field.indexOf(':');
                if (colon >= 0) {
                    spec = field.substring(colon + 1);
                    field = field.substring(0, colon);
                }
                if (!PLACEHOLDERS.contains(field)) {
                    throw new IllegalArgumentException(setting + ": unknown placeholder {" + field + "} in '" + template
                            + "'; known: {method} {path} {route} {elapsed} {time} {status} {id} {ext}");
                }
                hasExt |= field.equals("ext");
                if (literal.length() > 0) parts.add(literal.toString());
                literal.setLength(0);
                parts.add(new Field(field, decimals(setting, template, field, spec)));
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
            throw new IllegalArgumentException(setting + ": must contain {ext} so each format gets its own file, was '" + template
                    + "' (werkzeug's '.prof' ending is written '.{ext}')");
        }
        return new FilenameTemplate(template, parts);
    }

    /** The decimals a format spec asks for, -1 for none; only {@code .Nf} on {@code elapsed} and {@code time}. */
    private static int decimals(String setting, String template, String field, String spec) {
        if (spec == null) return -1;
        boolean numeric = field.equals("elapsed") || field.equals("time");
        if (numeric && spec.length() == 3 && spec.charAt(0) == '.' && Character.isDigit(spec.charAt(1)) && spec.charAt(2) == 'f') {
            return spec.charAt(1) - '0';
        }
        throw new IllegalArgumentException(setting + ": format spec '" + spec + "' of {" + field + "} in '" + template
                + "' is not supported; only {elapsed} and {time} take one, of the form .Nf (N = 0 to 9), e.g. {elapsed:.0f}");
    }

    @Override
    public String name(RequestFacts f, String ext) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Field field) {
                out.append(value(field, f, ext));
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    private static String value(Field field, RequestFacts f, String ext) {
        return switch (field.name) {
            case "method" -> SafeNames.part(f.method());
            case "path" -> SafeNames.path(f.path());
            case "route" -> f.route() == null ? SafeNames.path(f.path()) : SafeNames.path(f.route());
            case "elapsed" -> field.decimals < 0 ? Long.toString(f.elapsed().toMillis())
                    : fixed(BigDecimal.valueOf(f.elapsed().toNanos(), 6), field.decimals);
            case "time" -> field.decimals < 0 ? Long.toString(f.start().getEpochSecond())
                    : fixed(BigDecimal.valueOf(f.start().getEpochSecond()).add(BigDecimal.valueOf(f.start().getNano(), 9)), field.decimals);
            case "status" -> Integer.toString(f.status());
            case "id" -> SafeNames.part(f.id());
            default -> ext;
        };
    }

    private static String fixed(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.HALF_UP).toPlainString();
    }

    @Override
    public String toString() {
        return template;
    }
}
