package io.reqprof.spring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The metadata IDEs complete {@code reqprof.*} keys from names exactly the settings the docs' tables
 * define (docs/CONFIGURATION.md, docs/CONTINUOUS.md), so neither can gain a key the other lacks.
 */
class ConfigurationMetadataTest {
    /** Servlet-container registration only; the starter registers the filter itself. */
    private static final Set<String> NOT_FOR_SPRING = Set.of("reqprof.auto-register");

    @Test
    void theMetadataNamesEveryDocumentedSettingAndNoOther() throws IOException {
        Set<String> documented = new TreeSet<>();
        Path docs = repositoryRoot().resolve("docs");
        Pattern row = Pattern.compile("^\\| `(reqprof\\.[a-z.-]+)` \\|", Pattern.MULTILINE);
        for (String file : new String[] {"CONFIGURATION.md", "CONTINUOUS.md"}) {
            Matcher m = row.matcher(Files.readString(docs.resolve(file)));
            while (m.find()) documented.add(m.group(1));
        }
        documented.removeAll(NOT_FOR_SPRING);
        String metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertNotNull(in, "the starter ships META-INF/spring-configuration-metadata.json");
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("\"name\": \"(reqprof\\.[^\"]+)\"").matcher(metadata);
        while (m.find()) named.add(m.group(1));
        assertEquals(documented, named);
    }

    /** The checkout's root: this module or its Boot 4 twin runs with its own directory as the working one. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/CONFIGURATION.md"))) return p;
        }
        throw new AssertionError("no docs/CONFIGURATION.md above " + Path.of("").toAbsolutePath());
    }
}
