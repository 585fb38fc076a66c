package io.reqprof.snippets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the two commands docs/COLLECTOR.md shows under {@code <!-- command: collector-and-app -->}
 * as written (the jars this build made, from the repository root), with only the ports changed to
 * free ones, and waits for the collector to store a profile of the app's service. This is the path
 * where an agent that could not upload once said nothing.
 */
class DocumentedCommandsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration PROFILE_DEADLINE = Duration.ofSeconds(120);

    @Test
    void collectorStoresAProfileOfTheDocumentedApp(@TempDir Path work) throws Exception {
        List<String> lines = commands(ROOT.resolve("docs/COLLECTOR.md"), "collector-and-app");
        assertTrue(lines.size() == 2, "two commands in the block: " + lines);
        int grpc = freePort();
        int http = freePort();
        int app = freePort();
        List<String> collectorCmd = argv(lines.get(0).replace("4041", "" + grpc));
        collectorCmd.add("--grpc-port=" + grpc);
        collectorCmd.add("--http-port=" + http);
        List<String> appCmd = argv(lines.get(1).replace("4041", "" + grpc).replace(" 8080", " " + app));
        Path collectorLog = work.resolve("collector.log");
        Path appLog = work.resolve("app.log");
        Process collector = start(collectorCmd, work, collectorLog);
        Process service = null;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            awaitHttp(client, "http://127.0.0.1:" + http + "/api/services", collector, collectorLog);
            service = start(appCmd, work, appLog);
            awaitHttp(client, "http://127.0.0.1:" + app + "/", service, appLog);
            long deadline = System.nanoTime() + PROFILE_DEADLINE.toNanos();
            String services = "";
            while (System.nanoTime() < deadline && !services.contains("\"shop\"")) {
                get(client, "http://127.0.0.1:" + app + "/api/process");
                services = get(client, "http://127.0.0.1:" + http + "/api/services");
                if (!services.contains("\"shop\"")) Thread.sleep(1000); // poll interval, not an assertion
                assertTrue(service.isAlive(), "app exited:\n" + Files.readString(appLog));
            }
            String log = Files.readString(appLog);
            assertTrue(services.contains("\"shop\""), "no profile of service 'shop' stored after " + PROFILE_DEADLINE
                    + ": /api/services = " + services + "\napp log:\n" + log + "\ncollector log:\n" + Files.readString(collectorLog));
            assertTrue(log.contains("reqprof: continuous profiling of service 'shop'"), "start line in app log:\n" + log);
            assertTrue(log.contains("project 'local-project'"), "default project named in the start line:\n" + log);
            assertFalse(log.contains("SEVERE"), "no error logged by the app:\n" + log);
        } finally {
            stop(service);
            stop(collector);
        }
    }

    /** The lines of the ```sh block that follows {@code <!-- command: NAME -->}. */
    static List<String> commands(Path doc, String name) throws IOException {
        List<String> all = Files.readAllLines(doc, StandardCharsets.UTF_8);
        int i = all.indexOf("<!-- command: " + name + " -->");
        assertTrue(i >= 0 && all.get(i + 1).equals("```sh"), "block '" + name + "' in " + doc);
        List<String> out = new ArrayList<>();
        for (int k = i + 2; k < all.size() && !all.get(k).equals("```"); k++) {
            if (!all.get(k).isBlank()) out.add(all.get(k));
        }
        return out;
    }

    /** A command line of plain words, as the docs write them; relative jar paths are the repository's. */
    private static List<String> argv(String line) {
        List<String> words = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        words.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i - 1).equals("-jar")) words.set(i, ROOT.resolve(words.get(i)).toString());
        }
        return words;
    }

    private static Process start(List<String> cmd, Path dir, Path log) throws IOException {
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static void awaitHttp(HttpClient client, String url, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), "exited before serving " + url + ":\n" + Files.readString(log));
            if (!get(client, url).isEmpty()) return;
            Thread.sleep(200); // poll interval, not an assertion
        }
        throw new AssertionError("nothing served at " + url + " within 60 s:\n" + Files.readString(log));
    }

    /** The body of a 200 answer, or "" when there is none (yet). */
    private static String get(HttpClient client, String url) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void stop(Process p) throws InterruptedException {
        if (p == null) return;
        p.destroy();
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
