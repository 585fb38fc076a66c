package io.reqprof.core.engine;

import java.util.Locale;

/** Which sampling engine to run. */
public enum EngineKind {
    /** async-profiler when it loads on this platform, else JDK Flight Recorder with a warning. */
    AUTO,
    /** async-profiler only; starting fails with {@link UnsupportedOperationException} where it cannot load. */
    ASYNC,
    /** JDK Flight Recorder only (lower fidelity, see docs/ENGINES.md). */
    JFR;

    /**
     * Parses {@code auto}, {@code async} or {@code jfr}, ignoring case.
     *
     * @throws IllegalArgumentException naming the setting and the allowed values
     */
    public static EngineKind parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (EngineKind k : values()) {
                if (k.name().toLowerCase(Locale.ROOT).equals(v)) return k;
            }
        }
        throw new IllegalArgumentException("reqprof.engine: unknown engine '" + value
                + "'; expected one of auto, async, jfr");
    }
}
