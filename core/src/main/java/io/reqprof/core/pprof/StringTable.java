package io.reqprof.core.pprof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** pprof's string table under construction: each distinct string once, with "" at index 0. */
final class StringTable {
    private final Map<String, Long> index = new HashMap<>();
    private final List<String> strings = new ArrayList<>();

    StringTable() {
        intern("");
    }

    /** The index of {@code s}, adding it on first use. */
    long intern(String s) {
        return index.computeIfAbsent(s, k -> {
            strings.add(k);
            return (long) strings.size() - 1;
        });
    }

    List<String> strings() {
        return strings;
    }
}
