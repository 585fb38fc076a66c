package io.reqprof.collector.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.ingest.PyroscopeIngest;
import io.reqprof.core.internal.json.JsonWriter;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.PprofReader;
import io.reqprof.collector.pprof.StackTree;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP server: {@code POST /ingest}, {@code /api/...} and the UI. With a token, every request
 * needs {@code Authorization: Bearer <token>} or the {@code reqprof_token} cookie, which
 * {@code /?token=<token>} sets so a browser can use the UI.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpEndpoint.class.getName());
    private static final String COOKIE = "reqprof_token";

    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] expectedAuth;
    private final byte[] expectedCookie;
    private final String token;
    private final ProfileApi api;
    private final PyroscopeIngest ingest;
    private final ProfileIntake intake;
    private final DumpBrowser dumps;

    private HttpEndpoint(HttpServer server, ExecutorService executor, String token, ProfileIntake intake, Path dumpDir) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.expectedAuth = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.expectedCookie = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.intake = intake;
        this.api = new ProfileApi(intake.store(), intake.limits().maxDecompressedBytes());
        this.ingest = new PyroscopeIngest(intake);
        this.dumps = new DumpBrowser(dumpDir);
    }

    /**
     * Starts serving.
     *
     * @param token   required bearer token, or null for none
     * @param dumpDir a request-profile directory to browse, or null
     */
    public static HttpEndpoint start(String host, int port, String token, ProfileIntake intake, Path dumpDir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "reqprof-collector-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        HttpEndpoint e = new HttpEndpoint(server, executor, token, intake, dumpDir);
        server.createContext("/", e::handle);
        server.start();
        return e;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (HttpError err) {
                error(ex, err.status, err.getMessage());
            } catch (InvalidProfileException err) {
                error(ex, err.overLimit() ? 413 : 400, err.getMessage());
            } catch (IOException | RuntimeException err) {
                LOG.log(Level.WARNING, "HTTP " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " failed", err);
                error(ex, 500, "internal error: " + err);
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private void route(HttpExchange ex) throws IOException, HttpError, InvalidProfileException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        Map<String, String> q = PyroscopeIngest.query(ex.getRequestURI().getRawQuery());
        if (!authorized(ex)) {
            if (path.equals("/") && token != null && q.containsKey("token")
                    && MessageDigest.isEqual(expectedCookie, q.get("token").getBytes(StandardCharsets.UTF_8))) {
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + q.get("token") + "; Path=/; HttpOnly; SameSite=Strict");
                ex.getResponseHeaders().add("Location", "/");
                ex.sendResponseHeaders(303, -1);
                return;
            }
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            throw new HttpError(401, "this collector requires 'Authorization: Bearer <token>' (or open /?token=<token> in a browser)");
        }
        if (path.equals("/ingest")) {
            if (!method.equals("POST")) throw new HttpError(405, "use POST");
            byte[] body = body(ex, intake.limits().maxCompressedBytes());
            List<StoredProfile> stored = ingest.ingest(ex.getRequestURI().getRawQuery(),
                    ex.getRequestHeaders().getFirst("Content-Type"), body);
            json(ex, 200, Map.of("stored", stored.stream().map(StoredProfile::toMap).toList()));
            return;
        }
        if (path.startsWith("/api/")) {
            if (!method.equals("GET") && !method.equals("HEAD")) throw new HttpError(405, "use GET");
            api(ex, path.substring("/api/".length()), q);
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) throw new HttpError(405, "use GET");
        StaticFiles.serve(ex, path);
    }

    private void api(HttpExchange ex, String path, Map<String, String> q) throws IOException, HttpError {
        switch (path) {
            case "services" -> json(ex, 200, api.services());
            case "types", "versions", "zones" -> json(ex, 200, api.distinct(Selection.parse(q, null, 0), path));
            case "profiles" -> json(ex, 200, api.query(Selection.parse(q, null, 1000)));
            case "merge" -> {
                ProfileQuery sel = Selection.parse(q, null, 0);
                if ("pprof".equals(q.get("format"))) {
                    byte[] gz = api.mergePprof(sel);
                    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"merged.pb.gz\"");
                    send(ex, 200, gz);
                } else {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("selection", sel.toMap());
                    out.putAll(api.mergeJson(sel, q.get("column"), top(q)));
                    json(ex, 200, out);
                }
            }
            case "diff" -> json(ex, 200, api.diff(Selection.parse(q, "a.", 0), Selection.parse(q, "b.", 0), q.get("column")));
            case "dumps" -> {
                if (!dumps.configured()) throw new HttpError(404, "no request-profile directory configured (--dump-dir)");
                double minElapsed = 0;
                try {
                    if (q.containsKey("min_elapsed_ms")) minElapsed = Double.parseDouble(q.get("min_elapsed_ms"));
                } catch (NumberFormatException e) {
                    throw new HttpError(400, "min_elapsed_ms must be a number");
                }
                json(ex, 200, dumps.list(q.get("method"), q.get("path"), minElapsed, q.get("status"), 1000));
            }
            case "dump" -> {
                if (!dumps.configured()) throw new HttpError(404, "no request-profile directory configured (--dump-dir)");
                byte[] bytes = dumps.read(q.get("file"));
                if ("raw".equals(q.get("format"))) {
                    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    send(ex, 200, bytes);
                    return;
                }
                StackTree tree = new StackTree();
                try {
                    tree.add(PprofReader.parse(Gzip.gunzip(bytes, intake.limits().maxDecompressedBytes())));
                } catch (InvalidProfileException e) {
                    throw new HttpError(400, "not a pprof dump: " + e.getMessage());
                }
                int c = tree.column(q.get("column"));
                if (c < 0) throw new HttpError(400, "no such column");
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("column", tree.columns().get(c).toString());
                out.put("flame", FlameJson.flame(tree, c));
                out.put("top", FlameJson.top(tree, c, top(q)));
                json(ex, 200, out);
            }
            default -> {
                if (path.startsWith("profiles/") && path.endsWith("/pprof")) {
                    String id = path.substring("profiles/".length(), path.length() - "/pprof".length());
                    Optional<byte[]> bytes = id.matches("[0-9a-f]{1,40}") ? api.download(id) : Optional.empty();
                    if (bytes.isEmpty()) throw new HttpError(404, "no profile " + id);
                    ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    ex.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"" + id + ".pb.gz\"");
                    send(ex, 200, bytes.get());
                    return;
                }
                throw new HttpError(404, "no API /api/" + path);
            }
        }
    }

    private static int top(Map<String, String> q) throws HttpError {
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(q.getOrDefault("top", "50"))));
        } catch (NumberFormatException e) {
            throw new HttpError(400, "top must be a whole number");
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (expectedAuth == null) return true;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && MessageDigest.isEqual(expectedAuth, auth.getBytes(StandardCharsets.UTF_8))) return true;
        String cookies = ex.getRequestHeaders().getFirst("Cookie");
        if (cookies != null) {
            for (String c : cookies.split(";")) {
                String t = c.trim();
                if (t.startsWith(COOKIE + "=")
                        && MessageDigest.isEqual(expectedCookie, t.substring(COOKIE.length() + 1).getBytes(StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The request body, refused once it passes {@code max} bytes (the compressed-size cap). */
    private static byte[] body(HttpExchange ex, int max) throws IOException, HttpError {
        // read at most one byte past the cap: memory stays bounded whatever Content-Length claims
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) throw new HttpError(413, "body exceeds the upload limit of " + max + " bytes");
            return bytes;
        }
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        send(ex, status, JsonWriter.toJson(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpExchange ex, int status, String reason) throws IOException {
        json(ex, status, Map.of("error", reason == null ? "error" : reason));
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
