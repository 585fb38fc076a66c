package io.reqprof.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.reqprof.collector.ingest.UploadLimits;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.PprofReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The sizes of real profiles, from which the collector's per-profile limits are chosen
 * (bench/run-profile-sizes.sh). Two commands:
 * <ul>
 *   <li>{@code load BASE_URL SECONDS CONNECTIONS PATH...}: sends GET requests to the paths in turn
 *       from CONNECTIONS threads for SECONDS; prints how many were answered with each status, fails
 *       when none was or a request got no answer;</li>
 *   <li>{@code sizes DIR...}: for every {@code *.pb.gz} under the directories, the gzip and unpacked
 *       bytes and the counts the collector limits (samples, strings, functions, locations, frames of
 *       all stacks with inlined frames expanded), the largest of each per directory, and whether the
 *       collector's default limits accept the profile. Fails when a directory has no profile or a
 *       profile is refused.</li>
 * </ul>
 */
public final class ProfileSizes {
    private ProfileSizes() {
    }

    /** The counts of one profile. */
    record Counts(long seconds, long gzipBytes, long rawBytes, long samples, long strings, long functions, long locations,
                  long frames) {
        static final String HEADER = String.format("%8s %10s %10s %8s %8s %9s %9s %9s", "window s", "gzip B", "raw B",
                "samples", "strings", "functions", "locations", "frames");

        Counts max(Counts o) {
            return new Counts(Math.max(seconds, o.seconds), Math.max(gzipBytes, o.gzipBytes), Math.max(rawBytes, o.rawBytes), Math.max(samples, o.samples),
                    Math.max(strings, o.strings), Math.max(functions, o.functions), Math.max(locations, o.locations),
                    Math.max(frames, o.frames));
        }

        @Override
        public String toString() {
            return String.format("%8d %10d %10d %8d %8d %9d %9d %9d", seconds, gzipBytes, rawBytes, samples, strings, functions, locations, frames);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 4 && args[0].equals("load")) {
            load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), List.of(args).subList(4, args.length));
        } else if (args.length >= 2 && args[0].equals("sizes")) {
            boolean ok = true;
            for (int i = 1; i < args.length; i++) ok &= sizes(Path.of(args[i]));
            if (!ok) System.exit(1);
        } else {
            System.err.println("usage: ProfileSizes load BASE_URL SECONDS CONNECTIONS PATH... | sizes DIR...");
            System.exit(2);
        }
    }

    private static void load(String base, int seconds, int connections, List<String> paths) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, AtomicLong> byStatus = new java.util.concurrent.ConcurrentSkipListMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int first = t;
            Thread worker = new Thread(() -> {
                for (int i = first; System.nanoTime() < end; i++) {
                    HttpRequest r = HttpRequest.newBuilder(URI.create(base + paths.get(i % paths.size())))
                            .timeout(Duration.ofSeconds(10)).build();
                    try {
                        int status = client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
                        byStatus.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                        ok.incrementAndGet();
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            worker.start();
            threads.add(worker);
        }
        for (Thread t : threads) t.join();
        System.out.println("load: " + ok.get() + " requests answered " + byStatus + " (by status), " + failed.get()
                + " unanswered, " + seconds + " s, " + connections + " connections, paths " + paths);
        if (ok.get() == 0 || failed.get() > 0) {
            System.err.println("load: FAILED (every request must be answered)");
            System.exit(1);
        }
    }

    private static boolean sizes(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".pb.gz")).sorted().toList();
        }
        if (files.isEmpty()) {
            System.err.println(dir + ": FAILED, no *.pb.gz profile");
            return false;
        }
        Counts max = new Counts(0, 0, 0, 0, 0, 0, 0, 0);
        Map<String, Counts> maxByKind = new HashMap<>();
        int refused = 0;
        for (Path f : files) {
            byte[] gz = Files.readAllBytes(f);
            byte[] raw;
            try {
                raw = Gzip.gunzip(gz, Integer.MAX_VALUE - 16);
                PprofReader.parse(Gzip.gunzip(gz, UploadLimits.DEFAULT.maxDecompressedBytes()), UploadLimits.DEFAULT.parse());
            } catch (InvalidProfileException e) {
                System.err.println(f + ": REFUSED by the default limits: " + e.getMessage());
                refused++;
                continue;
            }
            Counts c = count(gz.length, raw);
            max = max.max(c);
            maxByKind.merge(kind(f.getFileName().toString()), c, Counts::max);
        }
        System.out.println(dir + ": " + files.size() + " profiles, " + refused + " refused by the default limits");
        System.out.println(String.format("  %-22s ", "largest of each") + Counts.HEADER);
        maxByKind.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println(String.format("  %-22s ", e.getKey()) + e.getValue()));
        System.out.println(String.format("  %-22s ", "all") + max);
        return refused == 0;
    }

    /** The profile type of an agent's file ({@code <service>-<TYPE>-<time>.pb.gz}), else "request dumps". */
    private static String kind(String name) {
        String[] parts = name.split("-");
        for (String p : parts) if (p.matches("(?i)cpu|wall|heap_alloc|contention|heap|threads")) return p.toUpperCase(java.util.Locale.ROOT);
        return "request dumps";
    }

    /** Counts one pprof's tables by scanning its fields; frames expand each location to its lines. */
    static Counts count(long gzipBytes, byte[] raw) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(raw);
            long samples = 0, strings = 0, functions = 0, durationNanos = 0;
            Map<Long, Integer> linesByLocation = new HashMap<>();
            List<long[]> stacks = new ArrayList<>();
            for (int tag; (tag = in.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 2 -> {
                        samples++;
                        stacks.add(locationIds(CodedInputStream.newInstance(in.readByteBuffer())));
                    }
                    case 4 -> {
                        CodedInputStream loc = CodedInputStream.newInstance(in.readByteBuffer());
                        long id = 0;
                        int lines = 0;
                        for (int t; (t = loc.readTag()) != 0; ) {
                            if (WireFormat.getTagFieldNumber(t) == 1) id = loc.readUInt64();
                            else {
                                if (WireFormat.getTagFieldNumber(t) == 4) lines++;
                                loc.skipField(t);
                            }
                        }
                        linesByLocation.put(id, Math.max(1, lines));
                    }
                    case 5 -> {
                        functions++;
                        in.skipField(tag);
                    }
                    case 6 -> {
                        strings++;
                        in.skipField(tag);
                    }
                    case 10 -> durationNanos = in.readInt64();
                    default -> in.skipField(tag);
                }
            }
            long frames = 0;
            for (long[] ids : stacks) for (long id : ids) frames += linesByLocation.getOrDefault(id, 1);
            return new Counts(durationNanos / 1_000_000_000L, gzipBytes, raw.length, samples, strings, functions, linesByLocation.size(), frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] locationIds(CodedInputStream s) throws IOException {
        List<Long> ids = new ArrayList<>();
        for (int t; (t = s.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(t) != 1) {
                s.skipField(t);
            } else if (WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = s.pushLimit(s.readRawVarint32());
                while (s.getBytesUntilLimit() > 0) ids.add(s.readUInt64());
                s.popLimit(limit);
            } else {
                ids.add(s.readUInt64());
            }
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }
}
