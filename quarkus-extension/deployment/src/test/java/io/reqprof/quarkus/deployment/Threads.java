package io.reqprof.quarkus.deployment;

import java.util.List;

/** The live threads reqprof starts (all named {@code reqprof-*}). */
final class Threads {
    private Threads() {
    }

    static List<String> reqprof() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("reqprof-")).sorted().toList();
    }
}
