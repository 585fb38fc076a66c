package io.reqprof.snippets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/RELIABILITY.md tells what each fault test proves; a row must name a test that exists. Every
 * table row names at least one {@code Class#method}, and each is a test method ({@code @Test},
 * {@code @ParameterizedTest} or {@code @FuzzTest}) of a test class somewhere in the repository.
 */
class ReliabilityDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern REF = Pattern.compile("`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9]*)`");
    private static final Pattern TEST_METHOD = Pattern.compile("@(?:Test|ParameterizedTest|FuzzTest)\\b[^;{]*?\\bvoid ([a-zA-Z0-9]+)\\(");

    @Test
    void everyRowNamesTestsThatExist() throws IOException {
        Map<String, List<Path>> testClasses = testClasses();
        List<String> problems = new ArrayList<>();
        int rows = 0;
        for (String line : Files.readAllLines(ROOT.resolve("docs/RELIABILITY.md"))) {
            if (!line.startsWith("| ") || line.startsWith("| fault") || line.startsWith("|---")) continue;
            rows++;
            String[] cells = line.split("\\|");
            String testCell = cells.length > 2 ? cells[2] : "";
            Matcher m = REF.matcher(testCell);
            boolean any = false;
            while (m.find()) {
                any = true;
                List<Path> sources = testClasses.get(m.group(1));
                if (sources == null) {
                    problems.add("no test class " + m.group(1) + " (row: " + line + ")");
                } else if (!hasTestMethod(sources, m.group(2))) {
                    problems.add("no test method " + m.group(1) + "#" + m.group(2) + " in " + sources.stream().map(ROOT::relativize).toList());
                }
            }
            if (!any) problems.add("a row without a test: " + line);
        }
        assertTrue(rows >= 30, "the tables were not found (" + rows + " rows)");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Test classes by simple name (two modules may each have one of a name): every {@code *Test.java} under a {@code src/test/java}. */
    private static Map<String, List<Path>> testClasses() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().contains("/src/test/java/") && p.getFileName().toString().endsWith("Test.java"))
                    .filter(p -> !p.toString().contains("/target/"))
                    .collect(Collectors.groupingBy(p -> p.getFileName().toString().replace(".java", "")));
        }
    }

    private static boolean hasTestMethod(List<Path> sources, String method) throws IOException {
        for (Path source : sources) {
            Matcher m = TEST_METHOD.matcher(Files.readString(source));
            while (m.find()) if (m.group(1).equals(method)) return true;
        }
        return false;
    }
}
