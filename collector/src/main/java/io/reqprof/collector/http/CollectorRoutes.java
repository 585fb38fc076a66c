package io.reqprof.collector.http;

import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.ingest.PyroscopeIngest;
import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.InvalidProfileException;
import io.reqprof.collector.pprof.PprofReader;
import io.reqprof.collector.pprof.StackTree;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each HTTP path does: {@code POST /ingest}, {@code /api/...} and the UI, behind the token
 * check. With a token, every request needs {@code Authorization: Bearer <token>} or the
 * {@code reqprof_token} cookie, which {@code /?token=<token>} sets so a browser can use the UI.
 * Independent of the HTTP server, which reads the body first only when {@link #wantsBody} says so
 * and {@link #refuse} let the request through.
 */
final class CollectorRoutes {
    private static final String COOKIE = "reqprof_token";

    private final byte[] expectedAuth;
    private final byte[] expectedCookie;
    private final ProfileApi api;
    private final PyroscopeIngest ingest;
    private final ProfileIntake intake;
    private final DumpBrowser dumps;

    CollectorRoutes(String token, ProfileIntake intake, Path dumpDir, MergeBudget merges) {
        this.expectedAuth = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.expectedCookie = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.intake = intake;
        this.api = new ProfileApi(intake, merges);
        this.ingest = new PyroscopeIngest(intake);
        this.dumps = new DumpBrowser(dumpDir);
    }

    /** True when the request carries a body the route reads: only Pyroscope ingest does. */
    static boolean wantsBody(HttpCall call) {
        return call.path().equals("/ingest") && call.method().equals("POST");
    }

    /**
     * The answer for a request refused before its body is read (no or a wrong token, the wrong
     * method), or empty to go on.
     */
    Optional<HttpReply> refuse(HttpCall call) {
        try {
            if (!authorized(call)) return Optional.of(unauthorized(call));
            String path = call.path();
            if (path.equals("/ingest")) {
                if (!call.method().equals("POST")) throw new HttpError(405, "use POST");
            } else if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
                throw new HttpError(405, "use GET");
            }
            return Optional.empty();
        } catch (HttpError e) {
            return Optional.of(e.reply());
        }
    }

    /** Answers a request that {@link #refuse} let through. */
    HttpReply answer(HttpCall call) throws IOException {
        try {
            String path = call.path();
            if (path.equals("/ingest")) {
                List<StoredProfile> stored = intake.gated(
                        () -> ingest.ingest(call.query(), call.header().apply("Content-Type"), call.body()));
                return HttpReply.json(200, Map.of("stored", stored.stream().map(StoredProfile::toMap).toList()));
            }
            if (path.startsWith("/api/")) return api(path.substring("/api/".length()), call.query());
            return StaticFiles.serve(path);
        } catch (HttpError e) {
            return e.reply();
        } catch (InvalidProfileException e) {
            if (e.busy()) return HttpReply.error(503, e.getMessage()).header("Retry-After", "5");
            return HttpReply.error(e.overLimit() ? 413 : 400, e.getMessage());
        }
    }

    private HttpReply unauthorized(HttpCall call) throws HttpError {
        Map<String, String> q = call.query();
        if (call.path().equals("/") && q.containsKey("token")
                && MessageDigest.isEqual(expectedCookie, q.get("token").getBytes(StandardCharsets.UTF_8))) {
            return HttpReply.empty(303)
                    .header("Set-Cookie", COOKIE + "=" + q.get("token") + "; Path=/; HttpOnly; SameSite=Strict")
                    .header("Location", "/");
        }
        throw HttpError.unauthorized("this collector requires 'Authorization: Bearer <token>' (or open /?token=<token> in a browser)");
    }

    private HttpReply api(String path, Map<String, String> q) throws IOException, HttpError, InvalidProfileException {
        switch (path) {
            case "services" -> {
                return HttpReply.json(200, api.services());
            }
            case "types", "versions", "zones" -> {
                return HttpReply.json(200, api.distinct(Selection.parse(q, null, 0), path));
            }
            case "profiles" -> {
                return HttpReply.json(200, api.query(Selection.parse(q, null, 1000)));
            }
            case "merge" -> {
                ProfileQuery sel = Selection.parse(q, null, 0);
                if ("pprof".equals(q.get("format"))) return HttpReply.download("merged.pb.gz", api.mergePprof(sel));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("selection", sel.toMap());
                out.putAll(api.mergeJson(sel, q.get("column"), top(q)));
                return HttpReply.json(200, out);
            }
            case "diff" -> {
                return HttpReply.json(200, api.diff(Selection.parse(q, "a.", 0), Selection.parse(q, "b.", 0), q.get("column")));
            }
            case "dumps" -> {
                requireDumps();
                double minElapsed = 0;
                try {
                    if (q.containsKey("min_elapsed_ms")) minElapsed = Double.parseDouble(q.get("min_elapsed_ms"));
                } catch (NumberFormatException e) {
                    throw new HttpError(400, "min_elapsed_ms must be a number");
                }
                return HttpReply.json(200, dumps.list(q.get("method"), q.get("path"), minElapsed, q.get("status"), 1000));
            }
            case "dump" -> {
                requireDumps();
                return dump(dumps.read(q.get("file")), q);
            }
            default -> {
                if (path.startsWith("profiles/") && path.endsWith("/pprof")) {
                    String id = path.substring("profiles/".length(), path.length() - "/pprof".length());
                    Optional<byte[]> bytes = id.matches("[0-9a-f]{1,40}") ? api.download(id) : Optional.empty();
                    if (bytes.isEmpty()) throw new HttpError(404, "no profile " + id);
                    return HttpReply.download(id + ".pb.gz", bytes.get());
                }
                throw new HttpError(404, "no API /api/" + path);
            }
        }
    }

    private void requireDumps() throws HttpError {
        if (!dumps.configured()) throw new HttpError(404, "no request-profile directory configured (--dump-dir)");
    }

    private HttpReply dump(byte[] bytes, Map<String, String> q) throws HttpError, IOException, InvalidProfileException {
        if ("raw".equals(q.get("format"))) return HttpReply.bytes(200, "application/octet-stream", bytes);
        StackTree tree = new StackTree();
        try {
            intake.gatedRead(() -> tree.add(PprofReader.parse(Gzip.gunzip(bytes, intake.limits().maxDecompressedBytes()),
                    intake.limits().parse())));
        } catch (InvalidProfileException e) {
            if (e.busy()) throw e;
            throw new HttpError(400, "not a pprof dump: " + e.getMessage());
        }
        int c = tree.column(q.get("column"));
        if (c < 0) throw new HttpError(400, "no such column");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("column", tree.columns().get(c).toString());
        out.put("flame", FlameJson.flame(tree, c));
        out.put("top", FlameJson.top(tree, c, top(q)));
        return HttpReply.json(200, out);
    }

    private static int top(Map<String, String> q) throws HttpError {
        try {
            return Math.max(1, Math.min(1000, Integer.parseInt(q.getOrDefault("top", "50"))));
        } catch (NumberFormatException e) {
            throw new HttpError(400, "top must be a whole number");
        }
    }

    private boolean authorized(HttpCall call) {
        if (expectedAuth == null) return true;
        String auth = call.header().apply("Authorization");
        if (auth != null && MessageDigest.isEqual(expectedAuth, auth.getBytes(StandardCharsets.UTF_8))) return true;
        String cookies = call.header().apply("Cookie");
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
}
