package io.reqprof.vertx;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU work with a distinct method per kind, so a profile tells whose work it holds. Each runs until
 * its thread has used the given CPU time (not wall time): on a loaded 2-core machine a wall-time
 * burn may get far fewer CPU samples than planned. Each method has its own loop so no frame but
 * the method itself is shared.
 */
final class Work {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Work() {
    }

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    static double alphaWork(long cpuMillis) {
        long end = cpuNanos() + cpuMillis * 1_000_000;
        double x = 1;
        do {
            for (int i = 0; i < 20_000; i++) x += Math.sqrt(i + x);
        } while (cpuNanos() < end);
        return x;
    }

    static double betaWork(long cpuMillis) {
        long end = cpuNanos() + cpuMillis * 1_000_000;
        double x = 2;
        do {
            for (int i = 0; i < 20_000; i++) x += Math.cbrt(i + x);
        } while (cpuNanos() < end);
        return x;
    }

    static double blockingHandlerWork(long cpuMillis) {
        long end = cpuNanos() + cpuMillis * 1_000_000;
        double x = 3;
        do {
            for (int i = 0; i < 20_000; i++) x += Math.log1p(i + x);
        } while (cpuNanos() < end);
        return x;
    }

    static double executeBlockingWork(long cpuMillis) {
        long end = cpuNanos() + cpuMillis * 1_000_000;
        double x = 4;
        do {
            for (int i = 0; i < 20_000; i++) x += Math.atan(i + x);
        } while (cpuNanos() < end);
        return x;
    }
}
