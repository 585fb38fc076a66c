package io.reqprof.core.format;

import io.reqprof.core.profile.SampleType;

import java.util.Locale;

/** Sample values for people: durations for time-based types, sizes for allocations. */
final class Amounts {
    private Amounts() {
    }

    /** The value in the type's unit (nanoseconds or bytes), e.g. {@code 400.0 ms} or {@code 1.5 MiB allocated}. */
    static String format(SampleType type, long value) {
        if (type == SampleType.ALLOC) {
            if (value < 1024) return value + " B allocated";
            if (value < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KiB allocated", value / 1024.0);
            return String.format(Locale.ROOT, "%.1f MiB allocated", value / (1024.0 * 1024));
        }
        if (value < 1_000) return value + " ns";
        if (value < 1_000_000) return String.format(Locale.ROOT, "%.1f us", value / 1e3);
        if (value < 1_000_000_000) return String.format(Locale.ROOT, "%.1f ms", value / 1e6);
        return String.format(Locale.ROOT, "%.2f s", value / 1e9);
    }
}
