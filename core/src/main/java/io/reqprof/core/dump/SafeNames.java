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

    /** Any text as one safe name component; never empty, never {@code .} or {@code ..}, at most {@value #MAX_PART} characters. */
    public static String part(String text) {
        String s = text == null ? "" : text;
        String safe = sanitize(s);
        return safe.length() <= MAX_PART ? safe : safe.substring(0, MAX_PART - 9) + "~" + hash(s);
    }

    /**
     * A whole file name made safe: path separators and every character outside the set become
     * {@code _}, a leading dot becomes {@code _}, and a name over {@value #MAX_NAME} characters keeps
     * its head, a hash of the whole, and its last 40 characters (where the extension is).
     */
    public static String fileName(String name) {
        String s = name == null ? "" : name;
        String safe = sanitize(s);
        if (safe.length() <= MAX_NAME) return safe;
        return safe.substring(0, MAX_NAME - 50) + "~" + hash(s) + "~" + safe.substring(safe.length() - 40);
    }

    private static String sanitize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
            out.append(ok ? c : '_');
        }
        // "..", "." and hidden names: a leading dot never survives
        for (int i = 0; i < out.length() && out.charAt(i) == '.'; i++) out.setCharAt(i, '_');
        return out.length() == 0 ? "_" : out.toString();
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
