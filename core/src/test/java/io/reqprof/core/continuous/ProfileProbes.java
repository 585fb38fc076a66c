package io.reqprof.core.continuous;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.Sample;

/** Helpers the continuous-profiling tests share: finding a workload's method in a sample, background threads. */
final class ProfileProbes {
    private ProfileProbes() {
    }

    /** Whether {@code method} (simple method name) is anywhere on the sample's stack. */
    static boolean has(Sample s, String method) {
        for (Frame f : s.stack().frames()) if (f.methodName().equals(method)) return true;
        return false;
    }

    /** An unstarted daemon thread, so a workload left running never holds the test JVM open. */
    static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
