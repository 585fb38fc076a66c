package io.reqprof.snippets;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to the packaged Quarkus sample app while a request is in flight: the request gets its
 * whole answer ({@code quarkus.shutdown.timeout} in its application.properties). Here and not in the
 * app's own tests, which run before its jar exists; this module builds after the sample apps.
 */
class QuarkusSampleDrainTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("sample-apps/quarkus-app/target/quarkus-app/quarkus-run.jar");

    @Test
    void sigtermLetsTheRequestInFlightFinish() throws Exception {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by sample-apps/quarkus-app's package phase; build it first");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.banner.enabled=false", "-jar", JAR.toString()).redirectErrorStream(true).start();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            Pattern listening = Pattern.compile("Listening on: (http://127.0.0.1:[0-9]+)");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.add(line);
                    Matcher m = listening.matcher(line);
                    if (m.find()) url.complete(m.group(1));
                }
            } catch (IOException ended) {
                // the app is gone
            }
        }, "quarkus-sample-output");
        reader.setDaemon(true);
        reader.start();
        try {
            String base = url.get(60, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            // 1.5 s of CPU work; the app is told to stop 0.5 s into it
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/api/process?ms=1500")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(500);
            assertTrue(!answer.isDone(), "the request is still in flight when the stop begins");
            app.destroy(); // SIGTERM
            HttpResponse<String> r = answer.get(30, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.body().startsWith("processed 1500 ms"), r.body());
            assertTrue(app.waitFor(30, TimeUnit.SECONDS), "the app stopped");
        } catch (Exception | AssertionError e) {
            throw new AssertionError("the app printed:\n" + String.join("\n", log), e);
        } finally {
            app.destroyForcibly();
        }
    }
}
