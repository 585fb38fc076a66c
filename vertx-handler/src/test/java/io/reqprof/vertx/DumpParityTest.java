package io.reqprof.vertx;

import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler is configured and selects like the servlet filter: the same keys (given here as a
 * Vert.x {@link JsonObject}), path selection, the trigger header, Server-Timing, file name
 * templates with {@code {route}} filled by the route pattern, formats.
 */
class DumpParityTest {
    private static final String SECRET = "0123456789abcdef-vertx";

    @Test
    void selectionTriggerServerTimingAndRoutePatternsAsTheFilterDoes(@TempDir Path dir) throws Exception {
        JsonObject config = TestApp.config(dir)
                .put("filename-format", "{method}.{route}.{status}.{id}.{ext}")
                .put("formats", new JsonArray().add("pprof").add("collapsed"))
                .put("include-paths", "/api/**")
                .put("trigger-secret", SECRET)
                .put("server-timing", true);
        try (TestApp app = TestApp.start(dir, config)) {
            String user = serverTimingId(app.http().get("/api/users/42"), 200);
            String rerouted = serverTimingId(app.http().get("/api/reroute"), 200);
            String item = serverTimingId(app.http().get("/api/sub/items/9"), 200);
            String missing = serverTimingId(app.http().get("/api/nothing-here"), 404);
            assertNull(serverTimingId(app.http().get("/other"), 200), "a path outside include-paths is not profiled");
            assertNull(serverTimingId(app.http().header("X-Reqprof-Trigger", SECRET + "x").get("/other"), 200),
                    "a wrong secret changes nothing");
            String triggered = serverTimingId(app.http().header("X-Reqprof-Trigger", SECRET).get("/other"), 200);

            List<JsonObject> index = Dumps.await(app.reqprof.profiler(), dir, entries -> entries.size() >= 5);
            assertEquals(5, index.size(), "five profiled requests, each dumped once: " + index);
            assertDump(dir, index, user, "/api/users/42", "/api/users/:id", 200, "GET.api.users._id.200." + user);
            assertDump(dir, index, rerouted, "/api/reroute", "/api/users/:id", 200, "GET.api.users._id.200." + rerouted);
            assertDump(dir, index, item, "/api/sub/items/9", "/api/sub/items/:item", 200, "GET.api.sub.items._item.200." + item);
            assertDump(dir, index, missing, "/api/nothing-here", null, 404, "GET.api.nothing-here.404." + missing);
            JsonObject t = assertDump(dir, index, triggered, "/other", "/other", 200, "GET.other.200." + triggered);
            assertEquals(Boolean.TRUE, t.getBoolean("triggered"), t.encode());
            assertEquals(0, app.reqprof.profiler().inFlight());
        }
    }

    /** The id named by the response's Server-Timing header, or null when it has none. */
    private static String serverTimingId(Response r, int status) {
        assertEquals(status, r.statusCode());
        String timing = r.header("Server-Timing");
        if (timing == null) return null;
        assertTrue(timing.matches("reqprof;desc=\"[0-9a-z]{5}-[0-9a-f]+\""), timing);
        return timing.substring("reqprof;desc=\"".length(), timing.length() - 1);
    }

    private static JsonObject assertDump(Path dir, List<JsonObject> index, String id, String path, String route, int status,
                                         String namePrefix) {
        assertTrue(id != null, path + " carried Server-Timing");
        JsonObject e = index.stream().filter(x -> id.equals(x.getString("id"))).findFirst()
                .orElseThrow(() -> new AssertionError("no dump with id " + id + " in " + index));
        assertEquals(path, e.getString("path"), e.encode());
        assertEquals(route, e.getString("route"), e.encode());
        assertEquals(status, e.getInteger("status"), e.encode());
        JsonArray files = e.getJsonArray("files");
        assertEquals(Set.of(namePrefix + ".pb.gz", namePrefix + ".collapsed"), Set.copyOf(files.getList()), e.encode());
        for (Object f : files) assertTrue(Files.isRegularFile(dir.resolve(f.toString())), f + " exists");
        return e;
    }
}
