package io.reqprof.core.request;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The three request shapes of the attribution tests. Each has a method no other shape calls, so
 * a sample's stack says which shape it came from. Burns are measured in thread CPU time, so each
 * request uses the same CPU however many threads share the two cores.
 */
public final class ShapeWork {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    static final String CPU_METHOD = ShapeWork.class.getName() + ".cpuShapeBurn";
    static final String MIX_METHOD = ShapeWork.class.getName() + ".mixShapeBurn";
    static final String SLEEP_METHOD = ShapeWork.class.getName() + ".sleepShapeWait";
    static final String MIX_SLEEP_METHOD = ShapeWork.class.getName() + ".sleepShapeWaitInMix";

    static volatile double sink;

    private ShapeWork() {
    }

    public enum Shape {
        CPU(CPU_METHOD), SLEEP(SLEEP_METHOD), MIX(MIX_METHOD, MIX_SLEEP_METHOD);

        /** The shape's burn method: no other shape's samples may contain it. */
        public final String method;
        /** Every method of the shape's own code: its CPU samples fall in one of these. */
        public final java.util.List<String> ownMethods;

        Shape(String method, String... alsoOwn) {
            this.method = method;
            java.util.List<String> own = new java.util.ArrayList<>(java.util.List.of(alsoOwn));
            own.add(0, method);
            this.ownMethods = java.util.List.copyOf(own);
        }
    }

    static void run(Shape shape, long burnMillis, long sleepMillis) throws InterruptedException {
        switch (shape) {
            case CPU -> cpuShapeBurn(burnMillis);
            case SLEEP -> sleepShapeWait(sleepMillis);
            case MIX -> {
                mixShapeBurn(burnMillis);
                sleepShapeWaitInMix(sleepMillis);
            }
        }
    }

    static void cpuShapeBurn(long cpuMillis) {
        burnUntil(THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000);
    }

    static void mixShapeBurn(long cpuMillis) {
        burnUntil(THREADS.getCurrentThreadCpuTime() + cpuMillis * 1_000_000);
    }

    static void sleepShapeWait(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    // The mix shape's sleep is its own method so that its samples count as the mix shape's.
    static void sleepShapeWaitInMix(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static void burnUntil(long cpuDeadline) {
        double x = 1;
        while (true) {
            for (int i = 0; i < 20_000; i++) {
                x = x * 1.0000001 + Math.sqrt(i);
            }
            if (THREADS.getCurrentThreadCpuTime() >= cpuDeadline) break;
        }
        sink = x;
    }
}
