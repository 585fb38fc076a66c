package io.reqprof.core.pprof;

import io.reqprof.core.profile.SampleType;

import java.util.Locale;

/**
 * How reqprof's sample types become pprof {@code sample_type} columns and back. Every type
 * contributes a count column followed by a value column.
 */
final class SampleColumns {
    private SampleColumns() {
    }

    /**
     * The count column's name. Alone, a type keeps the names Cloud Profiler expects
     * ({@code sample} for CPU); next to other types, CPU and WALL would both be called
     * {@code sample}, and pprof selects columns by name, so they get prefixed names.
     */
    static String countName(SampleType type, boolean alone) {
        if (alone) return type.countName();
        return switch (type) {
            case CPU -> "cpu_samples";
            case WALL -> "wall_samples";
            case ALLOC, LOCK -> type.countName();
        };
    }

    /** The value column's name, the same alone or not, so {@code -sample_index=cpu} always works. */
    static String valueName(SampleType type) {
        return type.valueName();
    }

    /** The type whose value column carries this name, or null for columns reqprof does not model. */
    static SampleType typeOfValueColumn(String name) {
        for (SampleType t : SampleType.values()) if (t.valueName().equals(name)) return t;
        return null;
    }

    /**
     * Factor that converts a value in {@code unit} to the unit reqprof uses for {@code type}
     * (nanoseconds or bytes), or 0 when the unit does not fit the type.
     */
    static long scale(SampleType type, String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (type == SampleType.ALLOC) return u.equals("bytes") ? 1 : 0;
        return switch (u) {
            case "nanoseconds", "ns" -> 1;
            case "microseconds", "us" -> 1_000;
            case "milliseconds", "ms" -> 1_000_000;
            case "seconds", "s" -> 1_000_000_000;
            default -> 0;
        };
    }
}
