package io.reqprof.collector;

import io.reqprof.core.internal.json.JsonParser;
import io.reqprof.core.internal.json.JsonWriter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol with the JDK's
 * HttpClient WebSocket: navigate, evaluate JavaScript, take screenshots. No driver, no extra jars.
 */
final class Chromium implements AutoCloseable {
    private final Process process;
    private final Path profileDir;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> pending = new ConcurrentHashMap<>();

    static String binary() {
        for (String b : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(b))) return b;
        }
        return null;
    }

    Chromium() throws Exception {
        profileDir = Files.createTempDirectory("reqprof-chromium-");
        process = new ProcessBuilder(binary(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--remote-allow-origins=*", "--window-size=1280,900", "--user-data-dir=" + profileDir, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserWs = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 30_000;
        for (String line; System.currentTimeMillis() < deadline && (line = err.readLine()) != null; ) {
            int i = line.indexOf("ws://");
            if (line.contains("DevTools listening on") && i >= 0) {
                browserWs = line.substring(i).trim();
                break;
            }
        }
        if (browserWs == null) throw new IllegalStateException("chromium did not start its DevTools endpoint");
        // keep draining stderr so chromium never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (err.readLine() != null) { /* discard */ }
            } catch (Exception ignored) {
                // chromium exited
            }
        });
        drain.setDaemon(true);
        drain.start();
        URI u = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + u.getAuthority() + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String pageWs = null;
        for (Object o : (List<?>) JsonParser.parse(list)) {
            Map<?, ?> t = (Map<?, ?>) o;
            if ("page".equals(t.get("type"))) pageWs = (String) t.get("webSocketDebuggerUrl");
        }
        ws = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    Map<String, Object> msg = JsonParser.parseObject(text.toString());
                    text.setLength(0);
                    if (msg.get("id") instanceof Number n) {
                        CompletableFuture<Map<String, Object>> f = pending.remove(n.intValue());
                        if (f != null) f.complete(msg);
                    }
                }
                w.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> f = new CompletableFuture<>();
        pending.put(id, f);
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("id", id);
        msg.put("method", method);
        msg.put("params", params);
        ws.sendText(JsonWriter.toJson(msg), true).get(10, TimeUnit.SECONDS);
        Map<String, Object> reply = f.get(30, TimeUnit.SECONDS);
        if (reply.containsKey("error")) throw new IllegalStateException(method + ": " + reply.get("error"));
        return (Map<String, Object>) reply.get("result");
    }

    void navigate(String url) throws Exception {
        call("Page.navigate", Map.of("url", url));
    }

    /** Evaluates an expression (promises awaited) and returns its JSON value. */
    @SuppressWarnings("unchecked")
    Object eval(String expression) throws Exception {
        Map<String, Object> r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.containsKey("exceptionDetails")) throw new IllegalStateException("JS error: " + r.get("exceptionDetails"));
        return ((Map<String, Object>) r.get("result")).get("value");
    }

    /** Polls until the expression is true. */
    void waitFor(String expression, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (Boolean.TRUE.equals(eval(expression))) return;
            } catch (IllegalStateException e) {
                // page still loading
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + expression);
    }

    void screenshot(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) call("Page.captureScreenshot", Map.of("format", "png")).get("data")));
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            ws.abort();
        } finally {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(profileDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
