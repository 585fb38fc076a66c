package io.reqprof.core.dump;

/** The little JSON the index needs: strings escaped so any request path stays on one line as ASCII. */
final class Json {
    private Json() {
    }

    static StringBuilder string(StringBuilder out, String s) {
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
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
