package io.reqprof.collector.ingest;

import io.reqprof.collector.pprof.InvalidProfileException;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough {@code multipart/form-data} (RFC 7578) to read Pyroscope agents' uploads: named parts,
 * binary bodies. Work is linear in the body: the boundary is at most 70 characters (RFC 2046) and a
 * part's headers at most {@value #MAX_HEADERS} bytes, so no search or pattern runs over more.
 */
final class Multipart {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("(?i)content-disposition:[^\r\n]*\\bname=\"([^\"]*)\"");
    static final int MAX_BOUNDARY = 70;
    static final int MAX_HEADERS = 8192;

    private Multipart() {
    }

    static Map<String, byte[]> parse(String contentType, byte[] body) throws InvalidProfileException {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) throw new InvalidProfileException("multipart Content-Type without a boundary");
        if (m.group(1).length() > MAX_BOUNDARY) {
            throw new InvalidProfileException("multipart boundary longer than " + MAX_BOUNDARY + " characters (RFC 2046)");
        }
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delimiter, 0, body.length);
        if (pos < 0) throw new InvalidProfileException("multipart body without its boundary");
        while (true) {
            int after = pos + delimiter.length;
            if (after + 2 <= body.length && body[after] == '-' && body[after + 1] == '-') return parts; // closing delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), after, after + MAX_HEADERS + 4);
            if (headersEnd < 0) {
                throw new InvalidProfileException(after + MAX_HEADERS + 4 < body.length ? "multipart part headers over "
                        + MAX_HEADERS + " bytes" : "truncated multipart body");
            }
            String headers = new String(body, after, headersEnd - after, StandardCharsets.ISO_8859_1);
            int next = indexOf(body, ("\r\n--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1), headersEnd + 4, body.length);
            if (next < 0) throw new InvalidProfileException("truncated multipart body");
            Matcher name = NAME.matcher(headers);
            if (name.find()) {
                byte[] part = new byte[next - (headersEnd + 4)];
                System.arraycopy(body, headersEnd + 4, part, 0, part.length);
                parts.putIfAbsent(name.group(1), part);
            }
            pos = next + 2;
        }
    }

    /** The first {@code needle} that ends at or before {@code until}, from {@code from}; -1 for none. */
    private static int indexOf(byte[] hay, byte[] needle, int from, int until) {
        outer:
        for (int i = Math.max(from, 0); i <= Math.min(hay.length, until) - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
