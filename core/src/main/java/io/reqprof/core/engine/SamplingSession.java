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
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The one sampling session of this JVM (async-profiler allows one). It runs the engine, rotates its
 * recording every {@link EngineConfig#chunkPeriod()} on a daemon thread named {@code reqprof-sampler},
 * hands each chunk to the {@link ChunkListener}s, and deletes chunk files as soon as they are read.
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
    private volatile boolean closed;
    /** Open leases; only sessions started by {@link #acquire} are closed by their last lease. */
    private int leases;
    private boolean startedByLease;

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
            session.sampler.start();
            return session;
        }
    }

    /**
     * A share of the JVM's session, for components that start and stop independently (the servlet
     * filter, the continuous agent, a Quarkus app): joins the running session, or starts one with
     * {@code config} when none runs. A session started this way closes when its last lease closes; a
     * session started with {@link #start} belongs to its caller and is never closed by leases.
     * A joiner gets the running session's settings, not {@code config}; compare
     * {@link SamplingSession#config()} when that matters.
     *
     * @throws IllegalStateException         as {@link #start}
     * @throws UnsupportedOperationException as {@link #start}
     */
    public static Lease acquire(EngineConfig config) {
        synchronized (SamplingSession.class) {
            SamplingSession s = current;
            if (s == null || s.closed) {
                s = start(config);
                s.startedByLease = true;
            } else if (!s.config.equals(config)) {
                LOG.log(Level.DEBUG, "reqprof joins the running sampling session (" + s.engine.info().describe()
                        + "); its settings apply, not the ones asked for");
            }
            s.leases++;
            return new Lease(s);
        }
    }

    /** One holder's share of a session; see {@link #acquire}. Closing it twice is harmless. */
    public static final class Lease implements AutoCloseable {
        private final SamplingSession session;
        private boolean released;

        private Lease(SamplingSession session) {
            this.session = session;
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
            }
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
        if (closed) return;
        rotateAndDispatch();
    }

    private void run() {
        long periodNanos = config.chunkPeriod().toNanos();
        while (!closed) {
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

    private void rotateAndDispatch() {
        rotation.lock();
        try {
            if (closed) return;
            dispatch(engine.rotate());
        } catch (Throwable e) {
            LogOnce.log(LOG, Level.WARNING, "rotate:" + e.getClass().getName(),
                    "reqprof could not read samples; profiles will miss this period", e);
        } finally {
            rotation.unlock();
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
                dispatch(engine.stop());
            } catch (Throwable e) {
                LOG.log(Level.DEBUG, "reqprof final chunk lost: " + e);
            }
            engine.close();
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
