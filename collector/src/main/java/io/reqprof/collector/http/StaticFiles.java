package io.reqprof.collector.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The web UI: a few files from the class path under {@code io/reqprof/collector/ui/}. A
 * Content-Security-Policy allows only this origin, so the UI never reaches the network.
 */
final class StaticFiles {
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/ui/app.js", "app.js",
            "/ui/flamegraph.js", "flamegraph.js",
            "/ui/style.css", "style.css");

    private StaticFiles() {
    }

    static HttpReply serve(String path) throws IOException, HttpError {
        String file = FILES.get(path);
        if (file == null) throw new HttpError(404, "not found: " + path);
        byte[] bytes;
        try (InputStream in = StaticFiles.class.getResourceAsStream("/io/reqprof/collector/ui/" + file)) {
            if (in == null) throw new HttpError(500, "UI file missing from the jar: " + file);
            bytes = in.readAllBytes();
        }
        String type = file.endsWith(".html") ? "text/html; charset=utf-8"
                : file.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
        return HttpReply.bytes(200, type, bytes)
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
                .header("Cache-Control", "no-cache");
    }
}
