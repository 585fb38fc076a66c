package io.reqprof.core.format;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Per-function sample counts of one type: the rows of a {@link TextSummary}. */
final class FunctionStats {
    /** One function's self samples (it was the leaf) and total samples (it was on the stack). */
    record Row(String name, long self, long total) { }

    private FunctionStats() {
    }

    static List<Row> of(Profile p, SampleType type) {
        Map<String, long[]> counts = new HashMap<>();
        for (Sample s : p.samples(type)) {
            StackTrace stack = s.stack();
            if (stack.depth() == 0) continue;
            counts.computeIfAbsent(Names.of(stack.leaf()), k -> new long[2])[0] += s.count();
            // a recursive function is on the stack several times but was sampled once
            Set<String> onStack = new HashSet<>();
            for (int i = 0; i < stack.depth(); i++) onStack.add(Names.of(stack.frame(i)));
            for (String name : onStack) counts.computeIfAbsent(name, k -> new long[2])[1] += s.count();
        }
        List<Row> rows = new ArrayList<>(counts.size());
        counts.forEach((name, c) -> rows.add(new Row(name, c[0], c[1])));
        return rows;
    }
}
