package io.reqprof.core.format;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Brendan Gregg's collapsed-stack text, read by {@code flamegraph.pl}, speedscope and most
 * flame graph tools: one line per distinct stack, {@code root;caller;leaf 42}, sorted by stack.
 * In names, {@code ;} becomes {@code :} (it separates frames) and control, format (bidirectional)
 * and line-separator characters become {@code ?} (a newline would end the line); empty names and
 * empty stacks show as {@code [unknown]}. Stacks that differ only in line numbers or frame kinds merge.
 */
public final class CollapsedFormat {

    /** What the number at the end of each line counts. */
    public enum Weight {
        /** Number of samples. */
        COUNT,
        /** Sum of sample values in the type's unit, e.g. nanoseconds of CPU or bytes allocated. */
        VALUE
    }

    private CollapsedFormat() {
    }

    /** Collapsed stacks of one type, weighted by sample count. */
    public static String toCollapsed(Profile p, SampleType type) {
        return toCollapsed(p, type, Weight.COUNT);
    }

    /** Collapsed stacks of one type with the given weight. */
    public static String toCollapsed(Profile p, SampleType type, Weight weight) {
        StringWriter out = new StringWriter();
        try {
            write(p, type, weight, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter never throws
        }
        return out.toString();
    }

    /** Writes collapsed stacks of one type, weighted by sample count; the writer is not closed. */
    public static void write(Profile p, SampleType type, Writer out) throws IOException {
        write(p, type, Weight.COUNT, out);
    }

    /** Writes collapsed stacks of one type with the given weight; the writer is not closed. */
    public static void write(Profile p, SampleType type, Weight weight, Writer out) throws IOException {
        Objects.requireNonNull(weight, "weight");
        Map<String, Long> lines = new TreeMap<>();
        for (Sample s : p.samples(type)) {
            long w = weight == Weight.COUNT ? s.count() : s.value();
            lines.merge(collapse(s.stack()), w, Long::sum);
        }
        for (Map.Entry<String, Long> line : lines.entrySet()) {
            // flame graph tools ignore or reject lines without a positive weight
            if (line.getValue() > 0) out.write(line.getKey() + ' ' + line.getValue() + '\n');
        }
    }

    private static String collapse(StackTrace stack) {
        if (stack.depth() == 0) return Names.UNKNOWN;
        StringBuilder sb = new StringBuilder();
        for (int i = stack.depth() - 1; i >= 0; i--) {
            if (sb.length() > 0) sb.append(';');
            sb.append(Names.printable(Names.of(stack.frame(i)).replace(';', ':'), false));
        }
        return sb.toString();
    }
}
