package io.reqprof.core.profile;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable call stack, leaf (innermost) frame first, as pprof stores locations.
 * Value equality, so it can key aggregation maps; the hash is computed once.
 */
public final class StackTrace {
    private final Frame[] frames;
    private final int hash;

    private StackTrace(Frame[] frames) {
        this.frames = frames;
        this.hash = Arrays.hashCode(frames);
    }

    /** A stack from frames ordered leaf first. The array is copied. */
    public static StackTrace ofLeafFirst(Frame... frames) {
        return new StackTrace(frames.clone());
    }

    /** A stack from frames ordered leaf first. */
    public static StackTrace ofLeafFirst(List<Frame> frames) {
        return new StackTrace(frames.toArray(new Frame[0]));
    }

    /** Number of frames. */
    public int depth() {
        return frames.length;
    }

    /** Frame {@code i}, counted from the leaf (0 is the innermost frame). */
    public Frame frame(int i) {
        return frames[i];
    }

    /** The innermost frame, or null for an empty stack. */
    public Frame leaf() {
        return frames.length == 0 ? null : frames[0];
    }

    /** Frames leaf first, as an unmodifiable list. */
    public List<Frame> frames() {
        return List.of(frames);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackTrace s && hash == s.hash && Arrays.equals(frames, s.frames);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return Arrays.toString(frames);
    }
}
