package io.reqprof.servlet;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The containers really are the ones claimed: the filter (built against Servlet 6.0) is tested on
 * Servlet 6.0 (Jetty 12 ee10, Tomcat 10.1) and, in the tomcat11 execution, Servlet 6.1 (Tomcat 11).
 */
class ContainerVersionsTest {
    @ParameterizedTest
    @MethodSource(DumpFilesTest.CONTAINERS)
    void servletSpecVersion(Container container, @TempDir Path work) throws Exception {
        String expected = container == Container.TOMCAT ? System.getProperty("reqprof.test.tomcat-servlet-spec", "6.0") : "6.0";
        try (WebApp app = WebApp.on(container, work).start()) {
            assertEquals(expected, app.http().get("/spec").asString(), app.server.describe());
            app.http().get("/api/users/1").then().statusCode(200);
            app.awaitDumps(1, "/api/users/1");
        }
    }
}
