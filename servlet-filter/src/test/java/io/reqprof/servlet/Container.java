package io.reqprof.servlet;

import jakarta.servlet.ServletContainerInitializer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The real servlet containers the filter is tested on. Each starts one web application at the
 * context root on a loopback port chosen by the system, set up only through the portable
 * {@code ServletContainerInitializer} API, so both containers run the very same application.
 */
enum Container {
    JETTY_12 {
        @Override
        RunningServer start(Map<String, String> contextParams, List<ServletContainerInitializer> initializers, Path work) throws Exception {
            return JettyServer.start(contextParams, initializers);
        }
    },
    TOMCAT {
        @Override
        RunningServer start(Map<String, String> contextParams, List<ServletContainerInitializer> initializers, Path work) throws Exception {
            return TomcatServer.start(contextParams, initializers, work);
        }
    };

    abstract RunningServer start(Map<String, String> contextParams, List<ServletContainerInitializer> initializers, Path work)
            throws Exception;

    /**
     * The containers this test run covers: all, unless {@code reqprof.test.containers} names some
     * (the Tomcat 11 execution runs the Tomcat cases again with Tomcat 11 on the class path).
     */
    static List<Container> selected() {
        String only = System.getProperty("reqprof.test.containers", "").trim().toUpperCase(Locale.ROOT);
        if (only.isEmpty()) return List.of(values());
        return java.util.Arrays.stream(values()).filter(c -> only.contains(c.name())).toList();
    }

    /** A started server; {@link #startFailure()} is non-null when the web application did not start. */
    interface RunningServer extends AutoCloseable {
        int port();

        /** Why the application is not available (the container's own report), or null when it serves. */
        Throwable startFailure();

        /** The container and its version, for messages. */
        String describe();

        @Override
        void close() throws Exception;
    }
}
