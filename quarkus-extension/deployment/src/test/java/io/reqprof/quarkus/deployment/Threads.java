package io.reqprof.quarkus.deployment;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The live threads reqprof starts (all named {@code reqprof-*}). */
final class Threads {
    private Threads() {
    }

    static List<String> reqprof() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("reqprof-")).sorted().toList();
    }

    /**
     * How many reqprof threads of each kind run; a kind is the name without its pool number
     * ({@code reqprof-collector-http-3} counts as {@code reqprof-collector-http}).
     */
    static Map<String, Long> reqprofKinds() {
        Map<String, Long> kinds = new TreeMap<>();
        for (String n : reqprof()) kinds.merge(n.replaceAll("-\\d+$", ""), 1L, Long::sum);
        return kinds;
    }
}
