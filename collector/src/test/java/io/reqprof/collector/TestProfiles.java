package io.reqprof.collector;

import com.google.protobuf.CodedOutputStream;
import io.reqprof.collector.pprof.PprofWriter;
import io.reqprof.collector.pprof.ValueType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small gzip pprof profiles with known frames, in Cloud Profiler's CPU layout. */
final class TestProfiles {
    static final List<ValueType> CPU = List.of(new ValueType("samples", "count"), new ValueType("cpu", "nanoseconds"));

    private TestProfiles() {
    }

    /** A CPU profile with one stack (frames root first) of {@code samples} 10 ms samples. */
    static byte[] cpu(int samples, String... rootFirst) {
        List<String> leafFirst = new ArrayList<>(List.of(rootFirst));
        Collections.reverse(leafFirst);
        return new PprofWriter(CPU).window(System.currentTimeMillis() * 1_000_000L, 10_000_000_000L)
                .sample(leafFirst, new long[] {samples, samples * 10_000_000L}).toGzip();
    }

    /** A typical service stack ending in {@code leaf}. */
    static byte[] service(String leaf) {
        return cpu(5, "java.lang.Thread.run", "com.example.Server.handle", leaf);
    }

    /** Writes one protobuf message field's content. */
    interface Body {
        void write(CodedOutputStream m) throws IOException;
    }

    /** Writes field {@code field} of {@code out} as a length-delimited message: hand-made pprof, hostile or not. */
    static void message(CodedOutputStream out, int field, Body body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream m = CodedOutputStream.newInstance(b);
        body.write(m);
        m.flush();
        out.writeByteArray(field, b.toByteArray());
    }
}
