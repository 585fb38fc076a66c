package io.reqprof.core.request;

/**
 * Telling a virtual thread (JDK 21+) from a platform thread on a JDK 17 class path: a class
 * comparison per call, no reflection on the hot path.
 */
final class VirtualThreads {
    private static final Class<?> VIRTUAL = find();

    private VirtualThreads() {
    }

    static boolean isVirtual(Thread t) {
        return VIRTUAL != null && t.getClass() == VIRTUAL;
    }

    private static Class<?> find() {
        try {
            return Class.forName("java.lang.VirtualThread", false, Thread.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return null; // before JDK 21 there are none
        }
    }
}
