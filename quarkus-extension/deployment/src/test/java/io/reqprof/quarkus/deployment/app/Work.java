package io.reqprof.quarkus.deployment.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** CPU loops with distinct names, so a dump shows whose work it holds. */
public final class Work {
    private Work() {
    }

    /** Burns about {@code millis} of CPU on a worker thread (the blocking endpoint's work). */
    public static long burnOnWorker(long millis) {
        return spin(millis);
    }

    /** Burns about {@code millis} of CPU on the event loop (the reactive endpoint's work). */
    public static long burnOnEventLoop(long millis) {
        return spin(millis);
    }

    /** Spins until the thread has used {@code millis} of CPU time (not wall time: the build machine is shared). */
    private static long spin(long millis) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + millis * 1_000_000L;
        long x = 1;
        while (threads.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < 10_000; i++) x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x;
    }
}
