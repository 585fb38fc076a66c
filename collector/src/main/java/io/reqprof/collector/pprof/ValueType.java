package io.reqprof.collector.pprof;

/** A pprof sample column: what is measured ({@code cpu}) and in which unit ({@code nanoseconds}). */
public record ValueType(String type, String unit) {
    @Override
    public String toString() {
        return type + "/" + unit;
    }
}
