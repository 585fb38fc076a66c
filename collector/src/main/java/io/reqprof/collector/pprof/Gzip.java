package io.reqprof.collector.pprof;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** gzip with a cap on what comes out, so a few kilobytes of gzip bomb cannot fill the heap. */
public final class Gzip {
    private Gzip() {
    }

    /** True when {@code data} starts with the gzip magic bytes. */
    public static boolean isGzip(byte[] data) {
        return data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b;
    }

    /**
     * Decompresses gzip data (several members allowed), or returns non-gzip data as it is when
     * it fits the cap.
     *
     * @throws InvalidProfileException when the output would exceed {@code maxBytes} or the gzip stream is corrupt
     */
    public static byte[] gunzip(byte[] data, int maxBytes) throws InvalidProfileException {
        if (!isGzip(data)) {
            if (data.length > maxBytes) throw tooLarge(maxBytes);
            return data;
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
            // the trailer's ISIZE (the size mod 2^32 of the last member) sizes the buffer, so a normal
            // upload is unpacked into one array of its exact size; a lying trailer costs at most the cap
            int n4 = data.length - 4;
            long claimed = data.length < 18 ? 0 : (data[n4] & 0xffL) | (data[n4 + 1] & 0xffL) << 8
                    | (data[n4 + 2] & 0xffL) << 16 | (data[n4 + 3] & 0xffL) << 24;
            byte[] out = new byte[(int) Math.max(1, Math.min(claimed, maxBytes))];
            int total = 0;
            while (true) {
                if (total == out.length) {
                    int next = in.read();
                    if (next < 0) return out;
                    if (total == maxBytes) throw tooLarge(maxBytes);
                    out = Arrays.copyOf(out, (int) Math.min(out.length * 2L, maxBytes));
                    out[total++] = (byte) next;
                    continue;
                }
                int n = in.read(out, total, out.length - total);
                if (n < 0) return total == out.length ? out : Arrays.copyOf(out, total);
                total += n;
            }
        } catch (IOException e) {
            throw new InvalidProfileException("corrupt or truncated gzip data: " + e.getMessage(), e);
        }
    }

    /** gzip-compresses {@code raw}. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static InvalidProfileException tooLarge(int maxBytes) {
        return InvalidProfileException.overLimit("profile exceeds the decompressed size limit of " + maxBytes
                + " bytes (a gzip bomb, or raise --max-decompressed-bytes)");
    }
}
