package io.reqprof.vertx;

import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.web.WebProfiler;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reading what the dump writer wrote: index.jsonl entries and pprof files. */
final class Dumps {
    /** How long a test waits for dumps after the responses: the core writes them within about two chunk periods. */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private Dumps() {
    }

    /** The index entries, one JSON object per dump (empty when there is no index yet). */
    static List<JsonObject> index(Path dir) throws IOException {
        Path index = dir.resolve("index.jsonl");
        List<JsonObject> entries = new ArrayList<>();
        if (!Files.exists(index)) return entries;
        for (String line : Files.readAllLines(index)) {
            if (!line.isBlank()) entries.add(new JsonObject(line));
        }
        return entries;
    }

    /**
     * Flushes the profiler and re-reads the index until {@code done} holds or {@link #DEADLINE}
     * passes; returns the last index read either way, for the caller to assert on.
     */
    static List<JsonObject> await(WebProfiler profiler, Path dir, Predicate<List<JsonObject>> done) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<JsonObject> entries;
        do {
            profiler.flush();
            entries = index(dir);
            if (done.test(entries)) return entries;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return entries;
    }

    static List<JsonObject> withPath(List<JsonObject> entries, String path) {
        return entries.stream().filter(e -> path.equals(e.getString("path"))).toList();
    }

    /** The pprof file of an index entry. */
    static Profile pprof(Path dir, JsonObject entry) throws IOException {
        for (Object f : entry.getJsonArray("files")) {
            if (f.toString().endsWith(".pb.gz")) return PprofDecoder.decode(Files.readAllBytes(dir.resolve(f.toString())));
        }
        throw new AssertionError("no pprof file in " + entry);
    }

    /** CPU samples whose stack contains {@code method}. */
    static long cpuSamplesIn(Profile p, String method) {
        long n = 0;
        for (Sample s : p.samples(SampleType.CPU)) {
            for (Frame f : s.stack().frames()) {
                if (method.equals(f.methodName())) {
                    n += s.count();
                    break;
                }
            }
        }
        return n;
    }
}
