package io.reqprof.core.pprof;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Gzip of small in-memory buffers with one {@link Deflater} per thread, reset between uses.
 * {@code GZIPOutputStream} allocates and frees a fresh native deflater (about 256 KiB of zlib state)
 * for every stream; a dump writer compressing a profile per request paid that on every dump.
 */
final class Gzip {
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private Gzip() {
    }

    static byte[] compress(byte[] raw) {
        Deflater d = DEFLATER.get();
        d.reset();
        d.setInput(raw);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 3 + 64);
        out.write(HEADER, 0, HEADER.length);
        byte[] buf = new byte[Math.min(64 * 1024, raw.length + 64)];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        CRC32 crc = new CRC32();
        crc.update(raw);
        writeIntLe(out, (int) crc.getValue());
        writeIntLe(out, raw.length);
        return out.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }
}
