package io.reqprof.agent;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A daemon thread burning CPU in a method with a recognisable name, standing in for the application. */
final class Workload implements AutoCloseable {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private final Thread thread;
    private static volatile long sink;

    Workload() {
        thread = new Thread(() -> {
            while (!stop.get()) {
                hotMethodOfTheWorkload();
                rounds.incrementAndGet();
            }
        }, "workload");
        thread.setDaemon(true);
        thread.start();
    }

    /** Units of work done so far: proves the application keeps running. */
    long rounds() {
        return rounds.get();
    }

    static void hotMethodOfTheWorkload() {
        long end = System.nanoTime() + 5_000_000;
        long x = 7;
        while (System.nanoTime() < end) x = x * 31 + (x >>> 3);
        sink += x;
    }

    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        thread.join(5000);
    }
}
