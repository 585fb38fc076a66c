package io.reqprof.servlet;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An invalid setting stops the web application from starting, with a message naming the setting,
 * rather than letting it serve silently without the profiling it was configured for.
 */
class BadConfigTest {
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Container c : Container.selected()) {
            all.add(Arguments.of(c, "reqprof.min-elapsed", "-PT1S"));          // a negative threshold
            all.add(Arguments.of(c, "reqprof.min-elapsed", "-5ms"));           // written the short way
            all.add(Arguments.of(c, "reqprof.formats", "pprof,pdf"));          // an unknown format
            all.add(Arguments.of(c, "reqprof.profile-dir", "UNWRITABLE"));     // below a regular file: cannot be created
            all.add(Arguments.of(c, "reqprof.retention.max-files", "0"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}={2}")
    @MethodSource("cases")
    void failsAtStartNamingTheSetting(Container container, String key, String value, @TempDir Path work) throws Exception {
        if (value.equals("UNWRITABLE")) {
            Path file = Files.writeString(work.resolve("a-file"), "not a directory");
            value = file.resolve("dumps").toString(); // root ignores permissions; a file in the way stops everyone
        }
        try (LogCapture log = LogCapture.of("");
             WebApp app = WebApp.on(container, work).filterParam(key, value).start()) {
            Throwable failure = app.server.startFailure();
            assertNotNull(failure, container + " started with " + key + "=" + value);
            StringBuilder reported = new StringBuilder();
            for (Throwable t = failure; t != null; t = t.getCause()) reported.append(t).append('\n');
            log.messages().forEach(m -> reported.append(m).append('\n'));
            assertTrue(reported.toString().contains(key + ":"), "the reported error names " + key + ":\n" + reported);
            // Jetty stops the whole server (no port left); Tomcat keeps serving other contexts and answers 404
            int port = app.server.port();
            int status = port > 0 ? RawHttp.get(port, "/api/users/1") : -1;
            assertNotEquals(200, status, "the application must not serve unprofiled");
        }
    }
}
