package io.reqprof.core.dump;

import java.util.regex.Pattern;

/**
 * A glob over request paths: {@code *} matches within one segment, {@code **} across segments,
 * {@code ?} one character of a segment. {@code /api/**} matches {@code /api/users/7}; {@code /health}
 * matches only itself.
 */
final class PathPattern {
    private final String glob;
    private final Pattern regex;

    private PathPattern(String glob, Pattern regex) {
        this.glob = glob;
        this.regex = regex;
    }

    static PathPattern compile(String setting, String glob) {
        if (glob == null || glob.isBlank() || glob.charAt(0) != '/') {
            throw new IllegalArgumentException(setting + ": each pattern must start with '/', was '" + glob + "'");
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return new PathPattern(glob, Pattern.compile(re.toString(), Pattern.DOTALL));
    }

    boolean matches(String path) {
        return regex.matcher(path).matches();
    }

    @Override
    public String toString() {
        return glob;
    }
}
