package io.reqprof.core.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.function.Function;

/**
 * On-demand profiling of one request in production: a request carrying header {@code name} whose
 * value equals the shared secret is profiled and dumped whatever the selection rules say. Without
 * a secret the header is ignored, so it can never be used by strangers to make a server write files.
 * The comparison takes the same time however many leading characters match.
 */
final class TriggerHeader {
    static final String DEFAULT_NAME = "X-Reqprof-Trigger";

    private final String name;
    private final byte[] secret;

    TriggerHeader(String name, String secret) {
        this.name = name;
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    static void validate(String name, String secret) {
        if (name == null || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("reqprof.trigger-header: must be an HTTP header name (letters, digits, '-'), was '" + name + "'");
        }
        if (secret != null && secret.length() < 16) {
            throw new IllegalArgumentException("reqprof.trigger-secret: must be at least 16 characters so it cannot be guessed, was "
                    + secret.length() + " characters");
        }
    }

    boolean enabled() {
        return secret != null;
    }

    /** Whether the request carries the right secret. */
    boolean fires(Function<String, String> header) {
        if (secret == null || header == null) return false;
        String value = header.apply(name);
        if (value == null) return false;
        return MessageDigest.isEqual(secret, value.trim().getBytes(StandardCharsets.UTF_8));
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        return name.toLowerCase(Locale.ROOT) + (secret == null ? " (off: no secret)" : " (secret set)");
    }
}
