package io.reqprof.core.profile;

/** Where a stack frame runs. Only JVM frames carry class names and line numbers. */
public enum FrameType {
    /** Interpreted or JIT-compiled Java (or other JVM language) code. */
    JAVA,
    /** A Java method inlined by the JIT into its caller. */
    INLINED,
    /** Native code in a shared library (JNI, libc). */
    NATIVE,
    /** The JVM's own C++ code (GC, compiler, runtime). */
    VM,
    /** Kernel code (seen only with perf_events). */
    KERNEL
}
