package io.reqprof.core.engine;

import io.reqprof.core.internal.LogOnce;
import io.reqprof.core.profile.EngineInfo;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The one sampling session of this JVM (async-profiler allows one). It runs the engine, rotates its
 * recording every {@link EngineConfig#chunkPeriod()} on a daemon thread named {@code reqprof-sampler},
 * hands each chunk to the {@link ChunkListener}s, and deletes chunk files as soon as they are read.
 *
 * <p>It samples while someone needs samples: its owner (a session from {@link #start}), a
 * {@link Demand#CONTINUOUS} lease (request profiling), or an open {@link #need() need} (a
 * continuous-profile window). Otherwise it pauses: no recording runs, no chunk file exists and the
 * sampler thread waits. A profiler that only wants, say, 10 s of CPU per minute then costs nothing
 * in between, instead of sampling every thread all the time for windows cut out of the stream.
 *
 * <pre>{@code
 * try (SamplingSession session = SamplingSession.start(EngineConfig.defaults())) {
 *     RequestTracker requests = RequestTracker.attach(session, profile -> ...);
 *     ...
 * }
 * }</pre>
 */
public final class SamplingSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("io.reqprof.engine");
    private static final String DIR_PREFIX = "reqprof-";
    private static SamplingSession current;

    private final EngineConfig config;
    private final SamplingEngine engine;
    private final Path dir;
    private final List<ChunkListener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock rotation = new ReentrantLock();
    private final Thread sampler;
    // signalled on resume and close; the sampler thread waits on it while paused
    private final Condition resumed = rotation.newCondition();
    private volatile boolean closed;
    /** Open leases; only sessions started by {@link #acquire} are closed by their last lease. */
    private int leases;
    private boolean startedByLease;
    // Demand, under the rotation lock: continuous leases (plus 1 for a session's owner) and open needs.
    private int continuousHolders;
    private int needs;
    private volatile boolean paused;
    // true while listeners run under the rotation lock; a pause asked for then waits until they return
    private boolean dispatching;

    private SamplingSession(EngineConfig config, SamplingEngine engine, Path dir) {
        this.config = config;
        this.engine = engine;
        this.dir = dir;
        this.sampler = new Thread(this::run, "reqprof-sampler");
        this.sampler.setDaemon(true);
    }

    /**
     * Starts sampling with the given engine choice.
     *
     * @throws IllegalStateException         when a session is already running in this JVM, or the
     *                                       temp dir cannot hold the private chunk directory
     * @throws UnsupportedOperationException when {@code engine=async} (or {@code jfr}) was asked for
     *                                       and cannot run on this platform
     */
    public static SamplingSession start(EngineConfig config) {
        synchronized (SamplingSession.class) {
            SamplingSession session = create(config);
            // the owner samples until it closes the session, like a continuous lease
            session.continuousHolders = 1;
            session.sampler.start();
            return session;
        }
    }

    /** Starts the engine and makes the session current; its sampler thread is not started yet. */
    private static SamplingSession create(EngineConfig config) {
        synchronized (SamplingSession.class) {
            if (current != null) {
                throw new IllegalStateException("a reqprof sampling session is already running in this JVM ("
                        + current.engine.info().describe() + "); close it first or share it via SamplingSession.current()");
            }
            Path dir = createPrivateDir(config.tempDir());
            SamplingEngine engine;
            try {
                engine = open(config, dir);
            } catch (RuntimeException e) {
                deleteRecursively(dir);
                throw e;
            }
            SamplingSession session = new SamplingSession(config, engine, dir);
            current = session;
            LOG.log(Level.INFO, "reqprof sampling with " + engine.info().describe());
            return session;
        }
    }

    /** Whether a lease keeps its session sampling for its whole life or only while it needs samples. */
    public enum Demand {
        /** The session samples as long as the lease is open (request profiling, which attributes every sample). */
        CONTINUOUS,
        /**
         * The lease itself keeps nothing sampling; the session samples while some {@link #need()} is
         * open (a continuous-profile window). The continuous agent's lease is of this kind.
         */
        ON_DEMAND
    }

    /**
     * A share of the JVM's session, for components that start and stop independently (the servlet
     * filter, the continuous agent, a Quarkus app): joins the running session, or starts one with
     * {@code config} when none runs. A session started this way closes when its last lease closes; a
     * session started with {@link #start} belongs to its caller and is never closed by leases.
     * A joiner gets the running session's settings, not {@code config}; compare
     * {@link SamplingSession#config()} when that matters. The session samples for as long as this
     * lease is open ({@link Demand#CONTINUOUS}), which request attribution needs.
     *
     * @throws IllegalStateException         as {@link #start}, or when the paused engine cannot resume
     * @throws UnsupportedOperationException as {@link #start}
     */
    public static Lease acquire(EngineConfig config) {
        return acquire(config, Demand.CONTINUOUS);
    }

    /**
     * As {@link #acquire(EngineConfig)}, saying how long this holder needs samples. A session started
     * by an {@link Demand#ON_DEMAND} lease still starts its engine here, so an engine that cannot run
     * fails now, and pauses before this returns unless someone needs samples.
     *
     * @throws IllegalStateException         as {@link #start}, or when the paused engine cannot resume
     * @throws UnsupportedOperationException as {@link #start}
     */
    public static Lease acquire(EngineConfig config, Demand demand) {
        synchronized (SamplingSession.class) {
            SamplingSession s = current;
            boolean started = false;
            if (s == null || s.closed) {
                s = create(config);
                s.startedByLease = true;
                started = true;
            } else if (!s.config.equals(config)) {
                LOG.log(Level.DEBUG, "reqprof joins the running sampling session (" + s.engine.info().describe()
                        + "); its settings apply, not the ones asked for");
            }
            s.leases++;
            Lease lease = new Lease(s, demand == Demand.CONTINUOUS);
            try {
                s.changeDemand(lease.continuous ? 1 : 0, 0);
            } catch (RuntimeException e) {
                s.leases--;
                if (started) s.close();
                throw e;
            }
            if (started) s.sampler.start();
            return lease;
        }
    }

    /** One holder's share of a session; see {@link #acquire}. Closing it twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final SamplingSession session;
        private final boolean continuous;
        private boolean released;

        private Lease(SamplingSession session, boolean continuous) {
            this.session = session;
            this.continuous = continuous;
        }

        /** The shared session. */
        public SamplingSession session() {
            return session;
        }

        /** Releases this share; the last share of a session started by a lease closes it. */
        @Override
        public void close() {
            // Closed under the class lock so that a concurrent acquire cannot join a closing session.
            synchronized (SamplingSession.class) {
                if (released) return;
                released = true;
                if (--session.leases == 0 && session.startedByLease) session.close();
                else if (continuous) session.changeDemand(-1, 0);
            }
        }
    }

    /**
     * Samples needed from now until {@link #close()}: the session samples while at least one need (or
     * the owner, or a continuous lease) is open, and is sampling when this returns, so a time range
     * opened right after holds samples from its start. When the last demand goes, the session
     * delivers the samples taken so far to the listeners and pauses.
     *
     * <p>Needs are counted: open one per consumer (a continuous-profile window) and close each once,
     * after the chunk that completes it. On a closed session the need is inert.
     *
     * @throws IllegalStateException when the paused engine cannot resume (the need is not taken)
     */
    public Need need() {
        if (closed) return new Need(null);
        changeDemand(0, 1);
        return new Need(this);
    }

    /** One open {@link #need()}; closing it twice is harmless. */
    public static final class Need implements AutoCloseable {
        private SamplingSession session;

        private Need(SamplingSession session) {
            this.session = session;
        }

        /** Releases this need; the session pauses when nothing else needs samples. */
        @Override
        public void close() {
            SamplingSession s;
            synchronized (this) {
                s = session;
                session = null;
            }
            if (s != null) s.changeDemand(0, -1);
        }
    }

    /**
     * Whether the engine is sampling now; false while paused for want of demand, and once closed.
     * For diagnostics and tests.
     */
    public boolean isSampling() {
        return !closed && !paused;
    }

    /**
     * Adjusts demand and pauses or resumes to match. Resuming happens before this returns; a pause
     * asked for from a listener (on the thread dispatching a chunk) waits until the listeners return.
     */
    private void changeDemand(int continuousDelta, int needDelta) {
        rotation.lock();
        try {
            continuousHolders += continuousDelta;
            needs += needDelta;
            try {
                applyDemand();
            } catch (RuntimeException e) {
                continuousHolders -= continuousDelta;
                needs -= needDelta;
                throw e;
            }
        } finally {
            rotation.unlock();
        }
    }

    /** Pauses or resumes the engine to match demand. Called with the rotation lock held. */
    private void applyDemand() {
        if (closed) return;
        boolean wanted = continuousHolders > 0 || needs > 0;
        if (wanted && paused) {
            try {
                engine.resume();
            } catch (Exception e) {
                throw new IllegalStateException("reqprof cannot resume sampling with " + engine.info().describe()
                        + ": " + e, e);
            }
            paused = false;
            LOG.log(Level.DEBUG, "reqprof sampling resumed");
            resumed.signalAll();
        } else if (!wanted && !paused && !dispatching) {
            SampleChunk last = null;
            try {
                last = engine.pause();
            } catch (Throwable e) {
                LogOnce.log(LOG, Level.WARNING, "pause:" + e.getClass().getName(),
                        "reqprof could not read the last samples before pausing", e);
            }
            paused = true;
            LOG.log(Level.DEBUG, "reqprof sampling paused");
            if (last != null) dispatchThenApplyDemand(last);
        }
    }

    /** The running session, if any. */
    public static Optional<SamplingSession> current() {
        synchronized (SamplingSession.class) {
            return Optional.ofNullable(current);
        }
    }

    private static SamplingEngine open(EngineConfig config, Path dir) {
        switch (config.engine()) {
            case ASYNC:
                try {
                    return AsyncProfilerEngine.start(config, dir);
                } catch (EngineUnavailableException e) {
                    throw unsupported(e);
                }
            case JFR:
                try {
                    return JfrEngine.start(config);
                } catch (EngineUnavailableException e) {
                    throw unsupported(e);
                }
            default:
                try {
                    return AsyncProfilerEngine.start(config, dir);
                } catch (EngineUnavailableException e) {
                    LOG.log(Level.WARNING, e.getMessage() + " (" + e.getCause()
                            + "); falling back to JDK Flight Recorder, which sees less (see docs/ENGINES.md)");
                    try {
                        return JfrEngine.start(config);
                    } catch (EngineUnavailableException e2) {
                        throw unsupported(e2);
                    }
                }
        }
    }

    private static UnsupportedOperationException unsupported(EngineUnavailableException e) {
        UnsupportedOperationException u = new UnsupportedOperationException("reqprof.engine: " + e.getMessage()
                + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        u.initCause(e);
        return u;
    }

    /** The engine really in use, with effective intervals. */
    public EngineInfo engineInfo() {
        return engine.info();
    }

    /** The settings this session was started with. */
    public EngineConfig config() {
        return config;
    }

    /**
     * Current time in the clock samples are stamped with; request brackets read it. Cheap (a TSC read
     * with async-profiler) and never throws.
     */
    public long now() {
        return engine.now();
    }

    /** Units of {@link #now()} per second. */
    public long ticksPerSecond() {
        return engine.ticksPerSecond();
    }

    /** Private directory that holds the chunk files (for tests and diagnostics). */
    public Path chunkDirectory() {
        return dir;
    }

    public boolean isClosed() {
        return closed;
    }

    public void addListener(ChunkListener listener) {
        listeners.add(listener);
    }

    public void removeListener(ChunkListener listener) {
        listeners.remove(listener);
    }

    /**
     * Rotates now and delivers the chunk to the listeners before returning, so that everything
     * sampled before this call has been seen by them. For tests and for shutdown paths.
     */
    public void flush() {
        if (closed || paused) return;
        rotateAndDispatch();
    }

    private void run() {
        long periodNanos = config.chunkPeriod().toNanos();
        while (!closed) {
            awaitSampling();
            long deadline = System.nanoTime() + periodNanos;
            long left;
            while (!closed && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    // close() interrupts to stop promptly; the loop condition decides
                }
            }
            if (!closed) rotateAndDispatch();
        }
    }

    /** Returns when sampling or closed; while paused, the sampler thread does no work at all. */
    private void awaitSampling() {
        rotation.lock();
        try {
            while (paused && !closed) {
                try {
                    resumed.await();
                } catch (InterruptedException e) {
                    // close() interrupts to stop promptly; the loop condition decides
                }
            }
        } finally {
            rotation.unlock();
        }
    }

    private void rotateAndDispatch() {
        rotation.lock();
        try {
            if (closed || paused) return;
            SampleChunk chunk;
            try {
                chunk = engine.rotate();
            } catch (Throwable e) {
                LogOnce.log(LOG, Level.WARNING, "rotate:" + e.getClass().getName(),
                        "reqprof could not read samples; profiles will miss this period", e);
                return;
            }
            dispatchThenApplyDemand(chunk);
        } finally {
            rotation.unlock();
        }
    }

    /** Dispatches, then applies the demand listeners may have changed meanwhile. Rotation lock held. */
    private void dispatchThenApplyDemand(SampleChunk chunk) {
        boolean outer = !dispatching;
        dispatching = true;
        try {
            dispatch(chunk);
        } finally {
            if (outer) dispatching = false;
        }
        if (!outer) return;
        try {
            applyDemand();
        } catch (RuntimeException e) {
            // only a resume can fail here, and whoever needed it was told when it asked
            LogOnce.log(LOG, Level.WARNING, "resume:" + e.getClass().getName(), e.getMessage(), e);
        }
    }

    private void dispatch(SampleChunk chunk) {
        for (ChunkListener l : listeners) {
            try {
                l.onChunk(chunk);
            } catch (Throwable e) {
                LogOnce.log(LOG, Level.WARNING, "listener:" + l.getClass().getName(),
                        "reqprof chunk listener " + l.getClass().getName() + " failed", e);
            }
        }
    }

    /** Stops sampling, delivers the last samples, closes listeners and deletes the chunk directory. */
    @Override
    public void close() {
        rotation.lock();
        try {
            if (closed) return;
            closed = true;
            try {
                // nothing when paused: the pause delivered the last samples
                if (!paused) dispatch(engine.stop());
            } catch (Throwable e) {
                LOG.log(Level.DEBUG, "reqprof final chunk lost: " + e);
            }
            engine.close();
            resumed.signalAll();
        } finally {
            rotation.unlock();
        }
        sampler.interrupt();
        if (Thread.currentThread() != sampler) {
            try {
                sampler.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ChunkListener l : listeners) {
            try {
                l.onClose();
            } catch (Throwable e) {
                LOG.log(Level.DEBUG, "listener close failed: " + e);
            }
        }
        deleteRecursively(dir);
        synchronized (SamplingSession.class) {
            if (current == this) current = null;
        }
        LOG.log(Level.INFO, "reqprof sampling stopped");
    }

    /**
     * Creates {@code reqprof-<pid>-<random>} under the temp dir, readable by this user only, after
     * deleting directories that crashed JVMs left behind (their pid is no longer alive).
     */
    private static Path createPrivateDir(Path parent) {
        Path base = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
        String setting = parent != null ? "reqprof.temp-dir" : "reqprof.temp-dir (defaulted to java.io.tmpdir)";
        removeStaleDirs(base);
        try {
            String prefix = DIR_PREFIX + ProcessHandle.current().pid() + "-";
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory(base, prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory(base, prefix);
            if (!Files.isWritable(dir)) throw new IOException("created directory is not writable");
            return dir;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            throw new IllegalStateException(setting + ": cannot create a private chunk directory in '" + base
                    + "'; it must be an existing, writable directory (" + e + ")", e);
        }
    }

    private static void removeStaleDirs(Path base) {
        if (!Files.isDirectory(base)) return;
        try (Stream<Path> entries = Files.list(base)) {
            entries.filter(p -> isStale(p.getFileName().toString())).forEach(SamplingSession::deleteRecursively);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "cannot scan " + base + " for stale reqprof directories: " + e);
        }
    }

    private static boolean isStale(String name) {
        if (!name.startsWith(DIR_PREFIX)) return false;
        int dash = name.indexOf('-', DIR_PREFIX.length());
        if (dash < 0) return false;
        try {
            long pid = Long.parseLong(name.substring(DIR_PREFIX.length(), dash));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.log(Level.DEBUG, "cannot delete " + p + ": " + e);
                }
            });
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot delete " + dir + ": " + e);
        }
    }
}
