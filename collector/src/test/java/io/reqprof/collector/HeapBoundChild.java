package io.reqprof.collector;

import io.reqprof.core.config.Settings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collector in its own JVM for {@link HeapBoundTest}, watched as the stand-alone one is
 * ({@link Watchdog}): started from {@code reqprof.collector.*} system properties, it prints {@code ports GRPC HTTP}; then each {@code peak} line on stdin is
 * answered with the most heap found in use right after a garbage collection (sampled every 20 ms:
 * the nearest to the most the collector ever held, which the pools' peaks are not, as G1 lets
 * garbage fill the old generation), the pools' peaks, and the live threads; end of input closes it.
 */
final class HeapBoundChild {
    private HeapBoundChild() {
    }

    public static void main(String[] args) throws Exception {
        AtomicLong afterGc = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (true) {
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                    if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) used += pool.getCollectionUsage().getUsed();
                }
                afterGc.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        CollectorConfig config = CollectorConfig.from(Settings.fromSystem());
        try (Collector c = Collector.start(config);
             Watchdog watchdog = Watchdog.watch(c, config.host(), Main.WATCHDOG_EVERY, Main.WATCHDOG_FAILURES)) {
            System.out.println("ports " + c.grpcPort() + " " + c.httpPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("peak")) {
                    Map<String, Long> peaks = new TreeMap<>();
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) peaks.put(pool.getName(), pool.getPeakUsage().getUsed() >> 20);
                    }
                    System.out.println("peak after GC " + (afterGc.get() >> 20) + " MiB, pools' peaks (MiB) " + peaks
                            + ", threads " + Thread.activeCount());
                    System.out.flush();
                }
            }
        }
    }
}
