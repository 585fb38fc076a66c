package io.reqprof.core.pprof;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The few protobuf wire-format writes pprof needs. Hand-written so that reqprof carries no
 * protobuf runtime whose version could clash with the one the host application pins.
 * Proto3 semantics: scalar fields equal to zero are omitted, as a generated encoder would.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int LEN = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Writes a varint; negative int64 values take ten bytes, as protobuf specifies. */
    ProtoWriter varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    ProtoWriter tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    /** An int64/uint64/bool field; zero is the default and so is not written. */
    ProtoWriter int64(int field, long v) {
        if (v != 0) tag(field, VARINT).varint(v);
        return this;
    }

    ProtoWriter bytes(int field, byte[] b) {
        tag(field, LEN).varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** Strings are always written, even when empty: string_table[0] must exist and be "". */
    ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        tag(field, LEN).varint(nested.out.size());
        out.writeBytes(nested.out.toByteArray());
        return this;
    }

    /** A packed repeated varint field; zeros inside are kept because positions carry meaning. */
    ProtoWriter packed(int field, long[] values) {
        if (values.length == 0) return this;
        ProtoWriter body = new ProtoWriter();
        for (long v : values) body.varint(v);
        return message(field, body);
    }

    /** Appends another writer's already-encoded fields. */
    ProtoWriter append(ProtoWriter other) {
        out.writeBytes(other.out.toByteArray());
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
