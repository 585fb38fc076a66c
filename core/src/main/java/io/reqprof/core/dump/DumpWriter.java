package io.reqprof.core.dump;

import io.reqprof.core.format.CollapsedFormat;
import io.reqprof.core.format.HtmlFlameGraph;
import io.reqprof.core.format.Restriction;
import io.reqprof.core.format.TextSummary;
import io.reqprof.core.internal.LogOnce;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestFacts;
import io.reqprof.core.request.RequestProfile;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Writes selected request profiles on its own daemon thread, {@code reqprof-dump-writer}: the text
 * summary to the stream, one file per format into the profile directory, a line in
 * {@code index.jsonl}, then retention. {@link #submit} never blocks: when {@value #QUEUE_CAPACITY}
 * profiles are already waiting (the disk is slower than the traffic) the newest is dropped and
 * that is logged once. An I/O failure is logged once per kind and the next dump is tried afresh;
 * it never reaches a request.
 *
 * <p>Files are written under a hidden temporary name and renamed to their final name only when that
 * name is free, so a dump never overwrites another and a reader never sees a half-written file.
 *
 * <p>Once retention is at its limit, every new dump would create inodes while the oldest dump's are
 * freed. On ext4 that pair is the writer's main cost under load: allocation skips inodes freed in the
 * last seconds, and at a hundred dumps a second that is thousands of candidates per file. So the
 * files of the dump retention evicts are recycled: renamed to the temporary name, truncated and
 * rewritten. Only files retention owns (listed in the index) are ever recycled.
 */
public final class DumpWriter implements AutoCloseable {
    /** Most profiles waiting to be written. */
    public static final int QUEUE_CAPACITY = 1024;
    private static final System.Logger LOG = System.getLogger("io.reqprof.dump");
    private static final String TMP_PREFIX = ".reqprof-";

    private record Job(RequestProfile profile, boolean triggered) {
    }

    private final DumpConfig config;
    private final Path dir;
    private final DumpIndex index;
    private final Retention retention;
    private final TextSummary summary;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;
    private int linesSinceCompaction;
    // temporary names need only be unique within this writer (one thread); no UUID, whose SecureRandom costs
    private final String tmpStem = TMP_PREFIX + Long.toHexString(System.nanoTime()) + "-";
    private long tmpCounter;

    private DumpWriter(DumpConfig config) {
        this.config = config;
        this.dir = config.profileDir();
        this.index = dir == null ? null : new DumpIndex(dir);
        this.retention = new Retention(config.maxFiles(), config.maxBytes());
        this.summary = TextSummary.builder().sortBy(config.sortBy())
                .restrictions(config.restrictions().toArray(new Restriction[0])).build();
        this.thread = new Thread(this::run, "reqprof-dump-writer");
        this.thread.setDaemon(true);
    }

    /**
     * Prepares the directory (creating it when missing), takes over the dumps its index lists for
     * retention, and starts the writer thread.
     *
     * @throws IllegalArgumentException naming {@code reqprof.profile-dir} when it cannot be written
     */
    public static DumpWriter start(DumpConfig config) {
        DumpWriter w = new DumpWriter(config);
        if (w.dir != null) {
            w.prepareDirectory();
            w.recover();
        }
        w.thread.start();
        return w;
    }

    private void prepareDirectory() {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, TMP_PREFIX, ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalArgumentException("reqprof.profile-dir: must be a directory reqprof can create and write, '"
                    + dir + "' is not (" + e + ")", e);
        }
    }

    private void recover() {
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().startsWith(TMP_PREFIX)).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot delete leftover " + p + ": " + e);
                }
            });
            for (DumpIndex.Entry e : DumpIndex.read(dir)) {
                List<Path> paths = new ArrayList<>();
                for (String name : e.files()) DumpIndex.file(dir, name).ifPresent(paths::add);
                if (!paths.isEmpty()) retention.add(e.id(), paths);
            }
            if (retention.enforce() > 0) index.compact(retention.ids());
        } catch (IOException | RuntimeException e) {
            LogOnce.log(LOG, Level.WARNING, "dump-recover:" + dir, "reqprof could not read the existing dumps in " + dir
                    + "; retention starts counting from now", e);
        }
    }

    /** The configuration this writer carries out. */
    public DumpConfig config() {
        return config;
    }

    /**
     * Queues a profile for writing; returns at once.
     *
     * @param triggered whether the trigger header forced it (recorded in the index)
     * @return false when the writer is closed or its queue is full (the profile is dropped)
     */
    public boolean submit(RequestProfile profile, boolean triggered) {
        if (closed) return false;
        pending.incrementAndGet();
        if (queue.offer(new Job(profile, triggered))) return true;
        pending.decrementAndGet();
        dropped.incrementAndGet();
        LogOnce.log(LOG, Level.WARNING, "dump-queue-full:" + dir, "reqprof dump queue is full (" + QUEUE_CAPACITY
                + " profiles waiting); dumps are dropped until the disk catches up", null);
        return false;
    }

    /** Waits until every submitted profile has been written or failed; false on timeout. */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) return false;
            try {
                TimeUnit.MILLISECONDS.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Dumps written. */
    public long written() {
        return written.get();
    }

    /** Dumps that failed to write (each kind of failure logged once). */
    public long failed() {
        return failed.get();
    }

    /** Dumps dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Job job;
            try {
                job = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue; // close() interrupts; the loop condition decides
            }
            if (job == null) continue;
            try {
                write(job.profile, job.triggered);
                written.incrementAndGet();
            } catch (Throwable e) {
                failed.incrementAndGet();
                RequestFacts f = job.profile.facts();
                LogOnce.log(LOG, Level.WARNING, "dump-write:" + dir + ":" + e.getClass().getName(), "reqprof could not write the profile of "
                        + f.method() + " " + SafeNames.path(f.path()) + (dir == null ? "" : " to " + dir)
                        + "; the request was served normally and later dumps are still attempted", e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    private void write(RequestProfile rp, boolean triggered) throws IOException {
        if (config.stream().enabled()) config.stream().write(summary.render(rp));
        if (dir == null) return;
        if (!Files.isDirectory(dir)) {
            // removed while running: recreate it, and the index with it
            Files.createDirectories(dir);
            index.close();
        }
        List<DumpFormat> formats = List.copyOf(config.formats());
        List<byte[]> contents = new ArrayList<>(formats.size());
        long bytes = 0;
        for (DumpFormat f : formats) {
            byte[] c = encode(f, rp);
            contents.add(c);
            bytes += c.length;
        }
        int dumpsBefore = retention.dumpCount();
        Deque<Path> spares = new ArrayDeque<>(retention.evictFor(contents.size(), bytes));
        boolean removed = retention.dumpCount() < dumpsBefore;
        List<Path> paths = null;
        boolean indexed = false;
        try {
            paths = writeFiles(rp.facts(), formats, contents, spares);
            List<String> names = paths.stream().map(p -> p.getFileName().toString()).toList();
            index.append(DumpIndex.line(rp.facts(), rp.profile(), names, triggered, rp.warnings()));
            indexed = true;
        } finally {
            for (Path p : spares) deleteQuietly(p);
            // a dump cut off (a full disk, a failing callback) leaves no file: retention deletes only what the index lists
            if (!indexed && paths != null) for (Path p : paths) deleteQuietly(p);
        }
        retention.add(rp.facts().id(), paths, bytes);
        if (retention.enforce() > 0) removed = true;
        if (removed && ++linesSinceCompaction > Math.min(config.maxFiles(), 10_000)) {
            // removed dumps leave stale index lines; rewrite the index now and then, not on every removal
            index.compact(retention.ids());
            linesSinceCompaction = 0;
        }
    }

    private List<Path> writeFiles(RequestFacts facts, List<DumpFormat> formats, List<byte[]> contents, Deque<Path> spares)
            throws IOException {
        for (int attempt = 1; attempt <= 100; attempt++) {
            List<Path> done = new ArrayList<>(formats.size());
            boolean clash = false;
            try {
                for (int i = 0; i < formats.size() && !clash; i++) {
                    Path target = target(facts, formats.get(i), attempt);
                    if (writeNew(target, contents.get(i), spares.poll())) {
                        done.add(target);
                    } else {
                        clash = true;
                    }
                }
            } catch (IOException | RuntimeException e) {
                for (Path p : done) deleteQuietly(p);
                throw e;
            }
            if (!clash) return done;
            for (Path p : done) deleteQuietly(p);
        }
        throw new FileAlreadyExistsException("no free name for request " + facts.id() + " after 100 attempts; "
                + "reqprof.filename-format should contain {id}");
    }

    /** Deletes {@code p} if it is there; on a failing disk a delete may fail too, and must not hide the first error. */
    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete " + p + ": " + e);
        }
    }

    private Path target(RequestFacts facts, DumpFormat format, int attempt) {
        String ext = format.extension();
        String name = SafeNames.fileName(config.filenameFormat().name(facts, ext));
        if (attempt > 1) {
            String suffix = "." + ext;
            name = name.endsWith(suffix)
                    ? name.substring(0, name.length() - suffix.length()) + "~" + attempt + suffix
                    : name + "~" + attempt;
        }
        Path p = DumpIndex.inside(dir, name);
        if (p == null) throw new IllegalStateException("dump name '" + name + "' would leave " + dir);
        return p;
    }

    /**
     * Writes {@code content} as {@code target} unless that name is taken (false). {@code spare}, when
     * given, is an evicted dump file to recycle instead of creating a new one.
     */
    private boolean writeNew(Path target, byte[] content, Path spare) throws IOException {
        Path tmp = dir.resolve(tmpStem + (tmpCounter++) + ".tmp");
        boolean moved = false;
        try {
            if (spare != null) {
                try {
                    Files.move(spare, tmp);
                } catch (IOException e) {
                    // gone or not movable: write a new file instead
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) ch.write(buf);
            }
            try {
                // without REPLACE_EXISTING a taken name fails instead of being replaced
                Files.move(tmp, target);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
            moved = true;
            return true;
        } finally {
            if (!moved) deleteQuietly(tmp);
        }
    }

    private static byte[] encode(DumpFormat format, RequestProfile rp) {
        Profile p = rp.profile();
        return switch (format) {
            case PPROF -> PprofEncoder.encodeGzip(p);
            case COLLAPSED -> CollapsedFormat.toCollapsed(p, p.totalCount(SampleType.CPU) > 0 ? SampleType.CPU : SampleType.WALL)
                    .getBytes(StandardCharsets.UTF_8);
            case HTML -> HtmlFlameGraph.render(p, title(rp.facts())).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String title(RequestFacts f) {
        return f.method() + " " + f.path() + " " + f.status() + " " + f.elapsed().toMillis() + " ms";
    }

    /** Writes what is queued (waiting up to 5 s), then stops the thread. */
    @Override
    public void close() {
        if (closed) return;
        awaitIdle(Duration.ofSeconds(5));
        closed = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (index != null) index.close();
    }
}
