package io.reqprof.core.dump;

import io.reqprof.core.request.RequestFacts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilenameTemplateTest {
    private final RequestFacts facts = new RequestFacts("1f", "GET", "/api/users/7", "/api/users/{id}", 200,
            Instant.ofEpochSecond(1_700_000_000L), Duration.ofMillis(123).plusNanos(700_000));

    @Test
    void defaultIsWerkzeugsNameMadeUnique() {
        assertEquals("GET.api.users.7.123ms.1700000000.1f.pb.gz",
                FilenameTemplate.parse(FilenameTemplate.DEFAULT).name(facts, "pb.gz"));
    }

    @Test
    void everyPlaceholderAndWerkzeugFormatSpecs() {
        FilenameTemplate t = FilenameTemplate.parse("{route}-{status}-{id}-{method}.{elapsed:.0f}ms.{time:.0f}.{ext}");
        // 123.7 ms rounds to 124 as Python's '.0f' does; without a spec, whole milliseconds (123)
        assertEquals("api.users._id_-200-1f-GET.124ms.1700000000.html", t.name(facts, "html"));
        assertEquals("123.700ms.1700000000.250.pb.gz", FilenameTemplate.parse("{elapsed:.3f}ms.{time:.3f}.{ext}")
                .name(new RequestFacts("1f", "GET", "/", null, 200, Instant.ofEpochSecond(1_700_000_000L, 250_000_000),
                        Duration.ofMillis(123).plusNanos(700_000)), "pb.gz"));
    }

    @Test
    void werkzeugsDefaultWithExtInPlaceOfProf() {
        assertEquals("GET.api.users.7.124ms.1700000000.txt",
                FilenameTemplate.parse("{method}.{path}.{elapsed:.0f}ms.{time:.0f}.{ext}").name(facts, "txt"));
        assertEquals("reqprof.filename-format: must contain {ext} so each format gets its own file, was "
                        + "'{method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof' (werkzeug's '.prof' ending is written '.{ext}')",
                assertThrows(IllegalArgumentException.class,
                        () -> FilenameTemplate.parse("{method}.{path}.{elapsed:.0f}ms.{time:.0f}.prof")).getMessage());
    }

    @Test
    void unsupportedFormatSpecsAreErrors() {
        assertEquals("reqprof.filename-format: format spec '>10' of {path} in '{path:>10}.{ext}' is not supported; "
                        + "only {elapsed} and {time} take one, of the form .Nf (N = 0 to 9), e.g. {elapsed:.0f}",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{path:>10}.{ext}")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{elapsed:d}.{ext}"));
        assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{time:.10f}.{ext}"));
    }

    @Test
    void badTemplatesNameTheSettingAndTheProblem() {
        assertEquals("reqprof.filename-format: unknown placeholder {host} in '{host}.{ext}'; known: {method} {path} {route} {elapsed} {time} {status} {id} {ext}",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{host}.{ext}")).getMessage());
        assertEquals("reqprof.filename-format: must be a file name without directories, was '../{id}.{ext}'",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("../{id}.{ext}")).getMessage());
        assertEquals("reqprof.filename-format: must contain {ext} so each format gets its own file, was '{method}.prof'"
                        + " (werkzeug's '.prof' ending is written '.{ext}')",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{method}.prof")).getMessage());
        assertEquals("reqprof.filename-format: unclosed '{' at position 0 in '{ext'",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{ext")).getMessage());
    }
}
