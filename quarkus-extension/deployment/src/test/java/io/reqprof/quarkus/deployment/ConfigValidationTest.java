package io.reqprof.quarkus.deployment;

import io.quarkus.test.QuarkusUnitTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** An invalid value fails the start with core's message, naming the property as the user wrote it. */
class ConfigValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest APP = new QuarkusUnitTest()
            .overrideConfigKey("quarkus.reqprof.requests.enabled", "true")
            .overrideConfigKey("quarkus.reqprof.min-elapsed", "-5ms")
            .assertException(t -> {
                Throwable e = t;
                while (e != null && !(e instanceof IllegalArgumentException)) e = e.getCause();
                if (e == null) fail("expected an IllegalArgumentException, got " + t);
                assertEquals("quarkus.reqprof.min-elapsed: must be a duration such as 250ms, 2s, 5m or PT1S, was '-5ms'"
                        + " (from Quarkus configuration quarkus.reqprof.min-elapsed)", e.getMessage());
            });

    @Test
    void startFails() {
        fail("the application must not start with an invalid setting");
    }
}
