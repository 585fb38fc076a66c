package io.reqprof.core.profile;

import java.util.Map;
import java.util.Objects;

/**
 * An aggregated sample: how many times ({@code count}) and how much ({@code value}, in the
 * type's unit) a stack was seen for one sample type and one label set.
 */
public record Sample(StackTrace stack, SampleType type, long count, long value, Map<String, String> labels) {

    public Sample {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(type, "type");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
