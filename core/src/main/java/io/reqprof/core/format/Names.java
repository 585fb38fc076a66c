package io.reqprof.core.format;

import io.reqprof.core.profile.Frame;

/** Frame names as the text formats show them. */
final class Names {
    /** Shown for frames without a name and for samples without any frame. */
    static final String UNKNOWN = "[unknown]";

    private Names() {
    }

    /** The frame's function name, or {@link #UNKNOWN} when the engine gave none. */
    static String of(Frame f) {
        String name = f.functionName();
        return name.isEmpty() ? UNKNOWN : name;
    }

    /**
     * Replaces control characters (C0, C1), format characters (bidirectional overrides and
     * isolates such as U+202E, zero-width characters) and line and paragraph separators (U+2028,
     * U+2029) with '?': names and request paths come from the profiled application and could
     * otherwise forge lines, reorder what a terminal or log viewer shows, or send escape sequences.
     */
    static String printable(String s, boolean keepNewlines) {
        StringBuilder sb = null; // copied only once a character must be replaced
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            if (hostile(c, keepNewlines)) {
                if (sb == null) sb = new StringBuilder(s.length()).append(s, 0, i);
                sb.append('?');
            } else if (sb != null) {
                sb.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        return sb == null ? s : sb.toString();
    }

    private static boolean hostile(int c, boolean keepNewlines) {
        if (c == '\n') return !keepNewlines;
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
