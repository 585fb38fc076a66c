package io.reqprof.core.pprof;

import io.reqprof.core.profile.FrameType;

/**
 * pprof has no notion of frame kind, so reqprof records each kind as a pseudo-mapping named
 * like the kernel's {@code [vdso]}: pprof tools do not try to symbolize such names. Java frames
 * get one too, because pprof shows the first mapping as the profile's "File"; without it a
 * profile with a single native frame would claim to be a {@code [native]} binary.
 */
final class FrameKinds {
    private FrameKinds() {
    }

    /** Pseudo-mapping file name for a frame kind. */
    static String mappingName(FrameType type) {
        return switch (type) {
            case JAVA -> "[java]";
            case INLINED -> "[java-inlined]";
            case NATIVE -> "[native]";
            case VM -> "[jvm]";
            case KERNEL -> "[kernel]";
        };
    }

    /** The kind behind one of our pseudo-mapping names, or null for any other mapping. */
    static FrameType fromMappingName(String name) {
        for (FrameType t : FrameType.values()) {
            if (name.equals(mappingName(t))) return t;
        }
        return null;
    }
}
