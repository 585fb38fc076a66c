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
        assertEquals("api.users._id_-200-1f-GET.123ms.1700000000.html", t.name(facts, "html"));
    }

    @Test
    void badTemplatesNameTheSettingAndTheProblem() {
        assertEquals("reqprof.filename-format: unknown placeholder {host} in '{host}.{ext}'; known: {method} {path} {route} {elapsed} {time} {status} {id} {ext}",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{host}.{ext}")).getMessage());
        assertEquals("reqprof.filename-format: must be a file name without directories, was '../{id}.{ext}'",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("../{id}.{ext}")).getMessage());
        assertEquals("reqprof.filename-format: must contain {ext} so each format gets its own file, was '{method}.prof'",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{method}.prof")).getMessage());
        assertEquals("reqprof.filename-format: unclosed '{' at position 0 in '{ext'",
                assertThrows(IllegalArgumentException.class, () -> FilenameTemplate.parse("{ext")).getMessage());
    }
}
