package io.reqprof.core.pprof;

import io.reqprof.core.internal.proto.ProtoWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads protobuf wire format from a byte array without copying nested messages. Every length
 * is checked against the bytes that remain, so hostile input fails with an IOException rather
 * than a huge allocation or an index error.
 */
final class ProtoReader {
    private final byte[] buf;
    private final int limit;
    private int pos;
    private int field;
    private int wireType;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    /** Reads the next tag; false at the end of this message. */
    boolean next() throws IOException {
        if (pos >= limit) return false;
        long tag = varint();
        field = (int) (tag >>> 3);
        wireType = (int) (tag & 7);
        if (field <= 0 || tag >>> 3 > 0x1FFFFFFF) throw malformed("invalid field number " + (tag >>> 3));
        return true;
    }

    int field() {
        return field;
    }

    /** An int64, uint64 or bool field. */
    long int64() throws IOException {
        expect(ProtoWriter.VARINT);
        return varint();
    }

    String string() throws IOException {
        expect(ProtoWriter.LEN);
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    ProtoReader message() throws IOException {
        expect(ProtoWriter.LEN);
        int len = length();
        ProtoReader nested = new ProtoReader(buf, pos, pos + len);
        pos += len;
        return nested;
    }

    /** A repeated varint field, which encoders may write packed or one element per tag. */
    void repeated(Longs out) throws IOException {
        if (wireType == ProtoWriter.VARINT) {
            out.add(varint());
            return;
        }
        expect(ProtoWriter.LEN);
        int len = length(); // moves pos past the length prefix, so it must be read first
        int end = pos + len;
        ProtoReader packed = new ProtoReader(buf, pos, end);
        while (packed.pos < end) out.add(packed.varint());
        pos = end;
    }

    /** Skips a field this reader's caller does not know, as protobuf requires. */
    void skip() throws IOException {
        switch (wireType) {
            case 0 -> varint();
            case 1 -> advance(8);
            case 2 -> advance(length());
            case 5 -> advance(4);
            default -> throw malformed("unsupported wire type " + wireType + " for field " + field);
        }
    }

    private long varint() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) throw malformed("truncated varint");
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) return result;
        }
        throw malformed("varint longer than 10 bytes");
    }

    private int length() throws IOException {
        long len = varint();
        if (len < 0 || len > limit - pos) throw malformed("length " + len + " exceeds the " + (limit - pos) + " bytes left");
        return (int) len;
    }

    private void advance(int n) throws IOException {
        if (n > limit - pos) throw malformed("truncated field " + field);
        pos += n;
    }

    private void expect(int expected) throws IOException {
        if (wireType != expected) throw malformed("field " + field + " has wire type " + wireType + ", expected " + expected);
    }

    private IOException malformed(String what) {
        return new IOException("malformed pprof: " + what + " at byte " + pos);
    }

    /** A growable array of longs, to avoid boxing location ids and values. */
    static final class Longs {
        private long[] values = new long[8];
        private int size;

        void add(long v) {
            if (size == values.length) values = Arrays.copyOf(values, size * 2);
            values[size++] = v;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
