package io.reqprof.collector;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * For the stand-alone collector: it asks its own HTTP side every {@code every}, and when
 * {@code failures} questions in a row get no answer it logs why and ends the process with
 * {@value #EXIT_CODE}, so that a supervisor restarts it. An OutOfMemoryError inside a server's own
 * thread (Jetty's selector, say) can leave a process that accepts connections and answers nothing;
 * that must not go on. Any HTTP answer counts, a 401 or a 404 included.
 *
 * <p>It also ends the process when any thread meets a {@link LinkageError} it did not handle: a class
 * whose static initializer failed (for want of heap during an upload storm, say) stays unusable for
 * the life of the JVM, so every later call needing it would fail while the collector looked alive.
 * Never used when the collector is embedded in an application (Quarkus dev mode), whose process is
 * not its to end.
 */
final class Watchdog implements AutoCloseable {
    /** The exit code of a collector that stopped answering (EX_SOFTWARE). */
    static final int EXIT_CODE = 70;
    private static final Logger LOG = Logger.getLogger(Watchdog.class.getName());
    private final Thread thread;
    private volatile boolean closed;

    private Watchdog(URI probe, Duration every, int failures) {
        thread = new Thread(() -> {
            int missed = 0;
            while (!closed) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                missed = answers(probe, every) ? 0 : missed + 1;
                if (missed == failures && !closed) {
                    LOG.log(Level.SEVERE, "reqprof collector: its HTTP side has not answered " + failures + " questions in a row ("
                            + failures * every.toSeconds() + " s); exiting with " + EXIT_CODE + " so that it is restarted");
                    Runtime.getRuntime().halt(EXIT_CODE); // not exit(): a shutdown hook could hang on the broken server
                }
            }
        }, "reqprof-collector-watchdog");
        thread.setDaemon(true);
    }

    /** Starts watching {@code collector}'s HTTP port on {@code host} (loopback when it listens on every address). */
    static Watchdog watch(Collector collector, String host, Duration every, int failures) {
        String h = host.equals("0.0.0.0") || host.equals("::") || host.isEmpty() ? "127.0.0.1" : host;
        if (h.contains(":") && !h.startsWith("[")) h = "[" + h + "]";
        Watchdog w = new Watchdog(URI.create("http://" + h + ":" + collector.httpPort() + "/api/services"), every, failures);
        Thread.setDefaultUncaughtExceptionHandler(Watchdog::uncaught);
        w.thread.start();
        return w;
    }

    /** What a thread of this process could not handle: printed as the JVM would, and fatal when it is a broken class. */
    private static void uncaught(Thread t, Throwable e) {
        try {
            if (e instanceof LinkageError) {
                LOG.log(Level.SEVERE, "reqprof collector: a class could not be loaded or initialized in thread " + t.getName()
                        + " (most likely for want of heap: give it more with -Xmx); every later call needing it would fail,"
                        + " so exiting with " + EXIT_CODE + " so that it is restarted", e);
            } else {
                System.err.print("Exception in thread \"" + t.getName() + "\" ");
                e.printStackTrace();
            }
        } catch (Throwable reportFailed) {
            // out of memory even for the report: the exit below matters more
        } finally {
            if (e instanceof LinkageError) Runtime.getRuntime().halt(EXIT_CODE);
        }
    }

    private static boolean answers(URI probe, Duration timeout) {
        try {
            HttpURLConnection c = (HttpURLConnection) probe.toURL().openConnection();
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            try {
                return c.getResponseCode() > 0;
            } finally {
                c.disconnect();
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (OutOfMemoryError e) {
            return true; // no verdict while the heap is full: the next question decides
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
