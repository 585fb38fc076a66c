package io.reqprof.samples.synthetic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The demo's "endpoints": plain methods with the shapes real handlers have. Each does its work in
 * a method of its own name, so the profiles show which request did what.
 */
final class Endpoints {
    private Endpoints() {
    }

    /** {@code GET /}: almost nothing. */
    static String index() {
        return "reqprof synthetic demo";
    }

    /** {@code POST /api/process}: CPU-bound, hashes a payload many times. */
    static String process(int rounds) {
        return HexFormat.of().formatHex(hashRepeatedly("payload".getBytes(StandardCharsets.UTF_8), rounds));
    }

    /** {@code GET /api/users/{id}}: mostly waiting on a (simulated) database, then a little rendering. */
    static String user(int id) throws InterruptedException {
        simulatedDatabaseQuery(40 + (id % 5) * 10);
        return renderUser(id);
    }

    private static byte[] hashRepeatedly(byte[] data, int rounds) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = data;
            for (int i = 0; i < rounds; i++) d = sha.digest(d);
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void simulatedDatabaseQuery(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static String renderUser(int id) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2_000; i++) sb.append("{\"id\":").append(id).append(",\"n\":").append(i).append('}');
        return Integer.toHexString(sb.toString().hashCode());
    }
}
