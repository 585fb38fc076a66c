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
     * Replaces control characters with '?': names and request paths come from the profiled
     * application and could otherwise forge lines or send escape sequences to a terminal.
     */
    static String printable(String s, boolean keepNewlines) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) && !(keepNewlines && c == '\n')) {
                if (sb == null) sb = new StringBuilder(s);
                sb.setCharAt(i, '?');
            }
        }
        return sb == null ? s : sb.toString();
    }
}
