package io.reqprof.snippets;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Java block in the user-facing docs is a copy of a snippet this module compiles: its imports
 * (exactly the snippet file's imports) followed by the code between the file's snippet markers. A
 * changed API breaks the build here, not a reader's copy-paste.
 */
class SnippetsInDocsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SOURCES = Path.of("src/main/java/io/reqprof/snippets");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!-- snippet: ([a-z0-9-]+) -->\\s*$");
    private static final Pattern FENCE = Pattern.compile("^(\\s*)```java\\s*$");

    /** A Java block found in a doc: where it is, the name its marker gives, its text (fence indent removed). */
    private record DocBlock(String where, String name, String text) { }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> top = Files.list(ROOT)) {
            top.filter(Files::isDirectory).map(d -> d.resolve("README.md")).filter(Files::isRegularFile).forEach(docs::add);
        }
        try (Stream<Path> d = Files.list(ROOT.resolve("docs"))) {
            d.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    private static List<DocBlock> blocks(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        List<DocBlock> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) continue;
            String where = ROOT.relativize(doc) + ":" + (i + 1);
            Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1)) : null;
            String name = marker != null && marker.matches() ? marker.group(1) : null;
            String indent = fence.group(1);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.size() && !lines.get(j).trim().equals("```"); j++) {
                String line = lines.get(j);
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip()).append('\n');
            }
            blocks.add(new DocBlock(where, name, text.toString()));
            i = j;
        }
        return blocks;
    }

    /** The block a doc must show for each snippet file: its imports, a blank line, the dedented region. */
    private static Map<String, String> snippets() throws IOException {
        Map<String, String> snippets = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.sorted().collect(Collectors.toList())) {
                List<String> lines = Files.readAllLines(f);
                List<String> imports = new ArrayList<>();
                List<String> region = null;
                String name = null;
                for (String line : lines) {
                    String t = line.strip();
                    if (t.startsWith("import ")) {
                        // the JDK's imports come after the others, one blank line between the groups
                        if (!imports.isEmpty() && !imports.get(imports.size() - 1).startsWith("import java.") && t.startsWith("import java.")) {
                            imports.add("");
                        }
                        imports.add(t);
                    } else if (t.startsWith("// snippet:begin ")) {
                        name = t.substring("// snippet:begin ".length()).strip();
                        region = new ArrayList<>();
                    } else if (t.equals("// snippet:end")) {
                        snippets.put(name, String.join("\n", imports) + (imports.isEmpty() ? "" : "\n\n") + dedent(region));
                        region = null;
                    } else if (region != null) {
                        region.add(line);
                    }
                }
            }
        }
        return snippets;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void everyJavaBlockInTheDocsIsACompiledSnippetWithItsImports() throws IOException {
        Map<String, String> snippets = snippets();
        assertFalse(snippets.isEmpty(), "no snippets found under " + SOURCES.toAbsolutePath());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            for (DocBlock b : blocks(doc)) {
                checked++;
                if (b.name() == null) {
                    problems.add(b.where() + ": a ```java block without a <!-- snippet: NAME --> line above it;"
                            + " add its code to doc-snippets/" + SOURCES + " between snippet markers");
                } else if (!snippets.containsKey(b.name())) {
                    problems.add(b.where() + ": no snippet '" + b.name() + "' in doc-snippets/" + SOURCES);
                } else if (!snippets.get(b.name()).equals(b.text())) {
                    problems.add(b.where() + ": snippet '" + b.name() + "' differs from its compiled copy; the block should read:\n"
                            + snippets.get(b.name()));
                }
            }
        }
        assertTrue(checked >= snippets.size(), "found only " + checked + " java blocks for " + snippets.size() + " snippets");
        assertTrue(problems.isEmpty(), problems.size() + " doc snippet(s) out of step:\n\n" + String.join("\n\n", problems));
    }

    /** A Maven dependency on one of reqprof's artifacts in a doc must name the version this build makes. */
    @Test
    void everyDependencyOnReqprofInTheDocsNamesThisBuildsVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher own = Pattern.compile("<artifactId>reqprof-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(own.find(), "no version in the parent pom");
        Pattern dependency = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            Matcher d = dependency.matcher(Files.readString(doc));
            while (d.find()) {
                String body = d.group(1);
                if (!body.contains("<groupId>io.reqprof</groupId>")) continue;
                checked++;
                if (!body.contains("<version>" + own.group(1) + "</version>")) {
                    problems.add(ROOT.relativize(doc) + ": " + body.strip().replaceAll("\\s+", " ") + " lacks <version>" + own.group(1) + "</version>");
                }
            }
        }
        assertTrue(checked > 0, "no io.reqprof dependency found in the docs");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everySnippetShowsItsImportsAndIsUsedByADoc() throws IOException {
        Map<String, String> snippets = snippets();
        List<String> used = new ArrayList<>();
        for (Path doc : docs()) for (DocBlock b : blocks(doc)) used.add(b.name());
        snippets.forEach((name, text) -> {
            assertTrue(text.startsWith("import "), "snippet " + name + " shows no imports");
            assertTrue(used.contains(name), "snippet " + name + " is in no doc");
        });
    }
}
