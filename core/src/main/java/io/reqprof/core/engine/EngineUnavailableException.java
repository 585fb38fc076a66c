package io.reqprof.core.engine;

/** An engine cannot run on this platform or JVM; {@code auto} falls back, explicit choices fail. */
final class EngineUnavailableException extends Exception {
    EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                + " (" + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + ")";
    }
}
