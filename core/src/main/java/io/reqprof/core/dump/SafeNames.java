package io.reqprof.core.dump;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Turns hostile text (request paths, methods, whatever a filename callback returns) into file name
 * parts that cannot leave the dump directory: only {@code [A-Za-z0-9._-]} survive, no part starts
 * with a dot, and length is capped (a long value keeps its head and gains a short hash of the whole,
 * so two long paths sharing a prefix still get different names).
 */
public final class SafeNames {
    /** Longest file name component produced for one placeholder. */
    public static final int MAX_PART = 80;
    /** Longest whole file name written (most file systems allow 255 bytes). */
    public static final int MAX_NAME = 200;

    private SafeNames() {
    }

    /**
     * A request path the werkzeug way, then made safe: leading and trailing slashes dropped, inner
     * slashes to dots, empty to {@code root}; then {@link #part}.
     */
    public static String path(String rawPath) {
        String p = rawPath == null ? "" : rawPath;
        int q = p.indexOf('?');
        if (q >= 0) p = p.substring(0, q);
        p = strip(p, '/');
        String dotted = p.replace('/', '.');
        return dotted.isEmpty() ? "root" : part(dotted);
    }

    /** Any text as one safe name component; never empty, never {@code .} or {@code ..}. */
    public static String part(String text) {
        String s = text == null ? "" : text;
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_PART + 16));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            out.append(ok ? c : '_');
        }
        // "..", "." and hidden names: a leading dot never survives
        for (int i = 0; i < out.length() && out.charAt(i) == '.'; i++) out.setCharAt(i, '_');
        String safe = out.length() == 0 ? "_" : out.toString();
        return safe.length() <= MAX_PART ? safe : safe.substring(0, MAX_PART - 9) + "~" + hash(s);
    }

    /**
     * A whole file name made safe: each character outside the set becomes {@code _}, a leading dot
     * becomes {@code _}, and an over-long name keeps its tail (where the extension is).
     */
    public static String fileName(String name) {
        String safe = part(name == null ? "" : name.replace('/', '_').replace('\\', '_'));
        if (name != null && name.length() > MAX_NAME) {
            // part() cut it to MAX_PART and dropped the extension; rebuild from the head and the tail
            String head = part(name.substring(0, MAX_NAME / 2));
            String tail = name.substring(name.length() - 40).replaceAll("[^A-Za-z0-9._-]", "_");
            safe = head.substring(0, Math.min(head.length(), MAX_NAME / 2)) + "~" + hash(name) + "~" + tail;
        }
        return safe;
    }

    private static String strip(String s, char c) {
        int b = 0, e = s.length();
        while (b < e && s.charAt(b) == c) b++;
        while (e > b && s.charAt(e - 1) == c) e--;
        return s.substring(b, e);
    }

    private static String hash(String s) {
        CRC32 crc = new CRC32();
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }
}
