package io.reqprof.agent.upload.otlp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire-format writes an OTLP request needs (proto3: zero scalars omitted). Written by
 * hand, like reqprof's pprof encoder, so the OTLP upload runs on any protobuf runtime the host
 * application pins: opentelemetry-proto's generated classes refuse older runtimes.
 */
final class Wire {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Wire varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    private Wire tag(int field, int type) {
        return varint(((long) field << 3) | type);
    }

    /** int32/int64/uint32/uint64 field; negative int32 are sign-extended to ten bytes, as protobuf does. */
    Wire int64(int field, long v) {
        if (v != 0) tag(field, 0).varint(v);
        return this;
    }

    Wire fixed64(int field, long v) {
        if (v == 0) return this;
        tag(field, 1);
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
        return this;
    }

    Wire bytes(int field, byte[] b) {
        tag(field, 2).varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** A string field, written even when empty when {@code always} (string_table[0] must be present). */
    Wire string(int field, String s, boolean always) {
        if (s.isEmpty() && !always) return this;
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message, written even when empty (dictionary tables need their zero entries). */
    Wire message(int field, Wire nested) {
        return bytes(field, nested.out.toByteArray());
    }

    Wire packed(int field, long[] values) {
        if (values.length == 0) return this;
        Wire body = new Wire();
        for (long v : values) body.varint(v);
        return message(field, body);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
