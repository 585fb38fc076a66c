package io.reqprof.collector.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Profiles on disk under one directory: {@code profiles/<id>.pb.gz} and {@code index.jsonl}.
 *
 * <p>{@link #put} returns only once the profile file and its index line are forced to disk, so an
 * acknowledged profile survives a crash. At {@link #open}, the index is replayed, files it does
 * not name (uploads cut short by a crash, never acknowledged) and temp files are removed, and
 * entries whose file vanished are dropped. Queries read only the in-memory index. Retention
 * removes the oldest profiles beyond an age or a total size. One store per directory: {@link #open}
 * takes an exclusive lock on it ({@code .lock}) and fails while another process holds it. Thread-safe.
 */
public final class ProfileStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ProfileStore.class.getName());
    private static final String SUFFIX = ".pb.gz";
    private static final Comparator<StoredProfile> BY_START =
            Comparator.comparingLong(StoredProfile::startMillis).thenComparing(StoredProfile::id);

    private final StoreLock dirLock;
    private final Path profilesDir;
    private final IndexLog index;
    private final Duration maxAge;
    private final long maxBytes;
    private final Map<String, StoredProfile> live;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final SecureRandom random = new SecureRandom();
    private long totalBytes;

    private ProfileStore(StoreLock dirLock, Path profilesDir, IndexLog index, Map<String, StoredProfile> live, Duration maxAge, long maxBytes) {
        this.dirLock = dirLock;
        this.profilesDir = profilesDir;
        this.index = index;
        this.live = live;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        for (StoredProfile p : live.values()) totalBytes += p.bytes();
    }

    /**
     * Opens or creates a store, recovering from any crash.
     *
     * @param maxAge   profiles that started longer ago are removed (null or zero: keep forever)
     * @param maxBytes the oldest profiles are removed while the files add up to more (0: no cap)
     * @throws IOException also when another store, in this or another process, holds {@code dir} (the
     *                     message names the directory and the holder's pid)
     */
    public static ProfileStore open(Path dir, Duration maxAge, long maxBytes) throws IOException {
        Files.createDirectories(dir);
        StoreLock dirLock = StoreLock.acquire(dir);
        try {
            return recover(dirLock, dir, maxAge, maxBytes);
        } catch (IOException | RuntimeException e) {
            dirLock.close();
            throw e;
        }
    }

    private static ProfileStore recover(StoreLock dirLock, Path dir, Duration maxAge, long maxBytes) throws IOException {
        Path profiles = dir.resolve("profiles");
        Files.createDirectories(profiles);
        Map<String, StoredProfile> live = new LinkedHashMap<>();
        IndexLog index = IndexLog.open(dir, live);
        List<String> vanished = new ArrayList<>();
        for (StoredProfile p : live.values()) {
            if (!Files.isRegularFile(profiles.resolve(p.id() + SUFFIX))) vanished.add(p.id());
        }
        if (!vanished.isEmpty()) {
            LOG.warning("profile store: " + vanished.size() + " indexed profiles have no file any more; dropping them");
            vanished.forEach(live::remove);
            index.delete(vanished);
        }
        int orphans = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(profiles)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean known = name.endsWith(SUFFIX) && live.containsKey(name.substring(0, name.length() - SUFFIX.length()));
                if (!known) {
                    Files.deleteIfExists(f);
                    orphans++;
                }
            }
        }
        if (orphans > 0) LOG.info("profile store: removed " + orphans + " unacknowledged or temporary files");
        ProfileStore store = new ProfileStore(dirLock, profiles, index, live, maxAge, maxBytes);
        if (index.deletes() > 0) store.compact();
        store.enforceRetention(System.currentTimeMillis());
        return store;
    }

    /** Stores a profile durably and returns its record; only then is it acknowledged to the uploader. */
    public StoredProfile put(NewProfile n) throws IOException {
        String id = newId();
        Path file = profilesDir.resolve(id + SUFFIX);
        Durable.write(file, n.gzipPprof());
        StoredProfile p = new StoredProfile(id, n.projectId(), n.target(), n.deploymentLabels(), n.type(), n.labels(),
                n.startMillis(), n.durationNanos(), n.gzipPprof().length, n.source());
        try {
            index.add(p);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        lock.writeLock().lock();
        try {
            live.put(id, p);
            totalBytes += p.bytes();
        } finally {
            lock.writeLock().unlock();
        }
        if (maxBytes > 0 && totalBytes > maxBytes) enforceRetention(System.currentTimeMillis());
        return p;
    }

    /** Matching profiles, newest first. */
    public List<StoredProfile> query(ProfileQuery q) {
        List<StoredProfile> out = new ArrayList<>();
        lock.readLock().lock();
        try {
            for (StoredProfile p : live.values()) if (q.matches(p)) out.add(p);
        } finally {
            lock.readLock().unlock();
        }
        out.sort(BY_START.reversed());
        return q.limit() > 0 && out.size() > q.limit() ? new ArrayList<>(out.subList(0, q.limit())) : out;
    }

    /** The record of one profile. */
    public Optional<StoredProfile> get(String id) {
        lock.readLock().lock();
        try {
            return Optional.ofNullable(live.get(id));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The stored gzip pprof bytes of a profile, or empty when it is not (or no longer) stored. */
    public Optional<byte[]> read(String id) throws IOException {
        if (get(id).isEmpty()) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(profilesDir.resolve(id + SUFFIX)));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // removed by retention since
        }
    }

    /** Distinct values of one field over the profiles a query selects, sorted; e.g. versions of a service. */
    public List<String> distinct(ProfileQuery q, Function<StoredProfile, String> field) {
        TreeSet<String> values = new TreeSet<>();
        lock.readLock().lock();
        try {
            for (StoredProfile p : live.values()) {
                if (q.matches(p)) {
                    String v = field.apply(p);
                    if (v != null) values.add(v);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return new ArrayList<>(values);
    }

    /** Number of stored profiles. */
    public int size() {
        lock.readLock().lock();
        try {
            return live.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Total size of the stored files in bytes. */
    public long totalBytes() {
        lock.readLock().lock();
        try {
            return totalBytes;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes profiles older than the age limit, then the oldest while over the size cap. Returns how many. */
    public int enforceRetention(long nowMillis) {
        List<StoredProfile> doomed = new ArrayList<>();
        lock.writeLock().lock();
        try {
            List<StoredProfile> all = new ArrayList<>(live.values());
            all.sort(BY_START);
            long bytes = totalBytes;
            long oldest = maxAge == null || maxAge.isZero() ? Long.MIN_VALUE : nowMillis - maxAge.toMillis();
            for (StoredProfile p : all) {
                boolean tooOld = p.startMillis() < oldest;
                boolean tooBig = maxBytes > 0 && bytes > maxBytes;
                if (!tooOld && !tooBig) break;
                doomed.add(p);
                bytes -= p.bytes();
            }
            if (doomed.isEmpty()) return 0;
            List<String> ids = doomed.stream().map(StoredProfile::id).toList();
            // index first: a crash between the two leaves orphan files, which open() removes
            index.delete(ids);
            for (StoredProfile p : doomed) {
                live.remove(p.id());
                totalBytes -= p.bytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record retention in the index", e);
        } finally {
            lock.writeLock().unlock();
        }
        for (StoredProfile p : doomed) {
            try {
                Files.deleteIfExists(profilesDir.resolve(p.id() + SUFFIX));
            } catch (IOException e) {
                LOG.warning("retention: cannot delete " + p.id() + ": " + e);
            }
        }
        if (index.deletes() > Math.max(1000, size())) compact();
        return doomed.size();
    }

    private void compact() {
        lock.writeLock().lock();
        try {
            List<StoredProfile> all = new ArrayList<>(live.values());
            all.sort(BY_START);
            index.compact(all);
        } catch (IOException e) {
            LOG.warning("index compaction failed (the log stays valid): " + e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Time-ordered, unguessable ids: 12 hex digits of epoch ms, then 10 random hex digits. */
    private String newId() {
        long r = random.nextLong() & 0xff_ffff_ffffL;
        return String.format("%012x%010x", System.currentTimeMillis(), r);
    }

    @Override
    public void close() throws IOException {
        try {
            index.close();
        } finally {
            dirLock.close();
        }
    }

    /** Label and field counts per value, used by the API's facet lists. */
    public Map<String, Integer> count(ProfileQuery q, Function<StoredProfile, String> field) {
        Map<String, Integer> counts = new HashMap<>();
        for (StoredProfile p : query(q)) counts.merge(field.apply(p), 1, Integer::sum);
        return counts;
    }
}
