package io.reqprof.core.format;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a profile as one self-contained HTML page: an interactive flame graph (root at the
 * bottom) with a tooltip per frame, click-to-zoom, a reset button and a search box that
 * highlights matching frames and shows their share of samples. Everything is inline; a
 * Content-Security-Policy forbids the page from loading anything, so it can be opened from
 * an air-gapped disk or an email attachment alike.
 */
public final class HtmlFlameGraph {
    private HtmlFlameGraph() {
    }

    /**
     * Renders the most telling type: CPU if it has samples, else WALL if it has samples,
     * else the first type with samples, else the first type.
     */
    public static String render(Profile p, String title) {
        return render(p, defaultType(p), title);
    }

    /** Renders the samples of one type; frames are sized by sample count. */
    public static String render(Profile p, SampleType type, String title) {
        Objects.requireNonNull(type, "type");
        String t = title == null ? "" : title;
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>").append(html(t)).append("</title>\n<style>").append(FlameGraphPage.CSS).append("</style>\n")
                .append("</head>\n<body>\n<header><h1>").append(html(t)).append("</h1><span>")
                .append(html(summary(p, type))).append("</span>\n")
                .append("<input id=\"search\" type=\"search\" placeholder=\"Search (regex)\" size=\"24\">")
                .append("<span id=\"matched\"></span><button id=\"reset\" type=\"button\">Reset zoom</button></header>\n")
                .append("<p class=\"hint\">Hover for details, click a frame to zoom in.</p>\n")
                .append("<div id=\"chart\"><canvas id=\"flamegraph\"></canvas></div>\n<div id=\"tip\"></div>\n")
                // application/json is never executed; the data stays inert even if the script below changes
                .append("<script type=\"application/json\" id=\"flamegraph-data\">").append(data(p, type)).append("</script>\n")
                .append("<script>").append(FlameGraphPage.SCRIPT).append("</script>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    static SampleType defaultType(Profile p) {
        if (p.totalCount(SampleType.CPU) > 0) return SampleType.CPU;
        if (p.totalCount(SampleType.WALL) > 0) return SampleType.WALL;
        for (SampleType t : p.types()) if (p.totalCount(t) > 0) return t;
        return p.types().isEmpty() ? SampleType.CPU : p.types().iterator().next();
    }

    private static String summary(Profile p, SampleType type) {
        return p.totalCount(type) + " " + type.name().toLowerCase(Locale.ROOT) + " samples, estimated "
                + Amounts.format(type, p.totalValue(type));
    }

    /** The merged tree as pre-order (name index, total, depth) triples: compact and never deeply nested. */
    static String data(Profile p, SampleType type) {
        Map<String, Integer> nameIndex = new HashMap<>();
        StringBuilder names = new StringBuilder();
        StringBuilder nodes = new StringBuilder();
        CallTree.of(p, type).walk((node, depth) -> {
            Integer index = nameIndex.get(node.name);
            if (index == null) {
                index = nameIndex.size();
                nameIndex.put(node.name, index);
                if (index > 0) names.append(',');
                names.append(json(node.name));
            }
            if (nodes.length() > 0) nodes.append(',');
            nodes.append(index).append(',').append(node.total).append(',').append(depth);
        });
        return "{\"type\":" + json(type.valueName()) + ",\"unit\":\"samples\",\"names\":[" + names
                + "],\"nodes\":[" + nodes + "]}";
    }

    /** A JSON string literal that is also safe inside an HTML script element. */
    static String json(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                // '<' could close the script element ("</script>") or open a comment ("<!--")
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** Text escaped for HTML element content and attribute values. */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
