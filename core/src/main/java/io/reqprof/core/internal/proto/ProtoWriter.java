package io.reqprof.core.internal.proto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf wire-format writes pprof and OTLP need. Proto3 semantics: scalar fields equal to
 * zero are omitted, as a generated encoder would; strings and nested messages are always written
 * (pprof's {@code string_table[0]} and OTLP's dictionary tables need their empty zero entries).
 */
public final class ProtoWriter {
    /** Wire type of varint fields. */
    public static final int VARINT = 0;
    /** Wire type of 64-bit fixed fields. */
    public static final int I64 = 1;
    /** Wire type of length-delimited fields. */
    public static final int LEN = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Writes a varint; negative int64 values take ten bytes, as protobuf specifies. */
    public ProtoWriter varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    /** A field's tag. */
    public ProtoWriter tag(int field, int wireType) {
        return varint(((long) field << 3) | wireType);
    }

    /** An int64/uint64/bool field; zero is the default and so is not written. */
    public ProtoWriter int64(int field, long v) {
        if (v != 0) tag(field, VARINT).varint(v);
        return this;
    }

    /** A fixed64 field (OTLP's nanosecond timestamps); zero is not written. */
    public ProtoWriter fixed64(int field, long v) {
        if (v == 0) return this;
        tag(field, I64);
        for (int i = 0; i < 8; i++) out.write((int) (v >>> (8 * i)) & 0xFF);
        return this;
    }

    /** A length-delimited field of raw bytes. */
    public ProtoWriter bytes(int field, byte[] b) {
        tag(field, LEN).varint(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    /** A string field, written even when empty: string_table[0] must exist and be "". */
    public ProtoWriter string(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message, written even when empty. */
    public ProtoWriter message(int field, ProtoWriter nested) {
        tag(field, LEN).varint(nested.out.size());
        out.writeBytes(nested.out.toByteArray());
        return this;
    }

    /** A packed repeated varint field; zeros inside are kept because positions carry meaning. */
    public ProtoWriter packed(int field, long[] values) {
        if (values.length == 0) return this;
        ProtoWriter body = new ProtoWriter();
        for (long v : values) body.varint(v);
        return message(field, body);
    }

    /** Appends another writer's already-encoded fields. */
    public ProtoWriter append(ProtoWriter other) {
        out.writeBytes(other.out.toByteArray());
        return this;
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
