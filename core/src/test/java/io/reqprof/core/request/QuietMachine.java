package io.reqprof.core.request;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Wall-clock accuracy can only be checked when the scenario has the machine's cores to itself: on an
 * oversubscribed machine the wall sampler thread waits for a CPU like everyone else, its samples
 * thin out beyond what gap weighting covers (five intervals), and a request's elapsed time counts
 * time spent runnable but not running. Attribution and CPU checks stay on; only wall-time accuracy
 * checks are skipped, with the load in the reason, when other work already loaded the machine.
 */
final class QuietMachine {
    private QuietMachine() {
    }

    /** The 1-minute load average per core, read before the scenario starts its own threads. */
    static double loadPerCore() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? 0 : load / Runtime.getRuntime().availableProcessors();
    }

    static void assumeQuiet(double loadPerCoreBefore) {
        assumeTrue(loadPerCoreBefore <= 1.5, String.format(
                "wall-time accuracy needs a machine not already busy: load average was %.1f per core before the scenario",
                loadPerCoreBefore));
    }
}
