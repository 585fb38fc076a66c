package io.reqprof.collector;

import io.reqprof.collector.pprof.Gzip;
import io.reqprof.collector.pprof.PprofProfile;
import io.reqprof.collector.pprof.PprofReader;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API with rest-assured: lists, query, merge, diff, downloads, request dumps. */
class HttpApiTest {
    @TempDir
    static Path dir;
    static ApiFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new ApiFixture(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @Test
    void listsServicesTypesVersionsZones() {
        given().port(fx.port()).get("/api/services").then().statusCode(200)
                .body("service", contains("other-svc", "shop"))
                .body("find { it.service == 'shop' }.profiles", equalTo(11))
                .body("find { it.service == 'shop' }.types", contains("CPU", "WALL"));
        given().port(fx.port()).get("/api/versions?service=shop").then().body("$", contains("1", "2"));
        given().port(fx.port()).get("/api/zones?service=shop&version=2").then().body("$", contains("zone-b"));
        given().port(fx.port()).get("/api/types?service=shop&version=1").then().body("$", contains("CPU"));
    }

    @Test
    void queriesByVersionLabelAndTime() {
        given().port(fx.port()).get("/api/profiles?service=shop&type=CPU&version=1").then().statusCode(200)
                .body("$", hasSize(6)).body("deployment_labels.version", not(hasItem("2")));
        given().port(fx.port()).get("/api/profiles?service=shop&label=instance:i1").then().body("$", hasSize(2));
        given().port(fx.port()).get("/api/profiles?service=shop&from=" + (System.currentTimeMillis() + 3_600_000)).then().body("$", hasSize(0));
        given().port(fx.port()).get("/api/profiles?service=shop&limit=2").then().body("$", hasSize(2));
        given().port(fx.port()).get("/api/profiles?from=yesterday").then().statusCode(400).body("error", containsString("from"));
    }

    @Test
    void mergesASelectionIntoOneFlameGraphAndTopTable() {
        JsonPath v1 = given().port(fx.port()).get("/api/merge?service=shop&type=CPU&version=1").then().statusCode(200)
                .body("merged", equalTo(6)).body("truncated", equalTo(false)).body("column", equalTo("cpu/nanoseconds"))
                .extract().jsonPath();
        List<String> names = v1.getList("flame.names");
        assertTrue(names.containsAll(List.of("all", "com.example.VersionOne.work", "com.example.Shared.work")), names.toString());
        assertTrue(!names.contains("com.example.VersionTwo.work"), "version filter must apply");
        // root total = 6 profiles x 5 samples x 10 ms
        assertEquals(300_000_000L, v1.getLong("flame.nodes[1]"));
        assertEquals(150_000_000L, v1.getLong("top.find { it.name == 'com.example.VersionOne.work' }.self"));
        assertEquals(java.util.Set.of("com.example.VersionOne.work", "com.example.Shared.work"),
                java.util.Set.copyOf(v1.getList("top[0..1].name")));
        assertEquals(300_000_000L, v1.getLong("top.find { it.name == 'com.example.Server.handle' }.total"));
        given().port(fx.port()).get("/api/merge?service=shop&type=CPU&version=2&column=samples").then()
                .body("column", equalTo("samples/count")).body("flame.names", hasItem("com.example.VersionTwo.work"))
                .body("top[0].self", equalTo(40));
    }

    @Test
    void aSelectionThatMatchesNothingMergesToAnEmptyResult() {
        for (String sel : List.of("service=shop&version=9.9", "service=shop&label=instance:nope", "service=nobody&type=CPU")) {
            given().port(fx.port()).get("/api/merge?" + sel).then().statusCode(200)
                    .body("merged", equalTo(0)).body("selected", equalTo(0))
                    .body("flame.nodes", hasSize(0)).body("top", hasSize(0));
            given().port(fx.port()).get("/api/merge?" + sel + "&column=cpu").then().statusCode(200).body("merged", equalTo(0));
            given().port(fx.port()).get("/api/merge?" + sel + "&format=pprof").then().statusCode(404)
                    .body("error", containsString("no stored profile"));
        }
        given().port(fx.port()).get("/api/diff?service=shop&type=CPU&a.version=9.9&b.version=1").then().statusCode(200)
                .body("a.merged", equalTo(0)).body("b.merged", equalTo(6));
    }

    @Test
    void diffsTwoVersions() {
        JsonPath d = given().port(fx.port()).get("/api/diff?service=shop&type=CPU&a.version=1&b.version=2").then().statusCode(200)
                .body("a.merged", equalTo(6)).body("b.merged", equalTo(4)).extract().jsonPath();
        List<String> names = d.getList("flame.names");
        List<Long> nodes = d.getList("flame.nodes", Long.class);
        long[] one = quad(names, nodes, "com.example.VersionOne.work");
        long[] two = quad(names, nodes, "com.example.VersionTwo.work");
        assertTrue(one[0] > 0 && one[1] == 0, "VersionOne only in A: " + Arrays.toString(one));
        assertTrue(two[0] == 0 && two[1] > 0, "VersionTwo only in B: " + Arrays.toString(two));
        assertEquals(300_000_000L, d.getLong("flame.total_a"));
        assertEquals(500_000_000L, d.getLong("flame.total_b"));
    }

    private static long[] quad(List<String> names, List<Long> nodes, String name) {
        int idx = names.indexOf(name);
        for (int i = 0; i < nodes.size(); i += 4) if (nodes.get(i) == idx) return new long[] {nodes.get(i + 1), nodes.get(i + 2)};
        throw new AssertionError(name + " not in the diff");
    }

    @Test
    void downloadsStoredAndMergedPprof() throws Exception {
        String id = given().port(fx.port()).get("/api/profiles?service=other-svc").then().extract().path("[0].id");
        byte[] one = given().port(fx.port()).get("/api/profiles/" + id + "/pprof").then().statusCode(200)
                .header("Content-Disposition", containsString(id + ".pb.gz")).extract().asByteArray();
        PprofProfile p = PprofReader.parse(Gzip.gunzip(one, 1 << 24));
        assertEquals("com.example.Other.run", p.samples().get(0).leafFirst()[0]);

        byte[] merged = given().port(fx.port()).get("/api/merge?service=shop&type=CPU&format=pprof").then().statusCode(200)
                .extract().asByteArray();
        PprofProfile m = PprofReader.parse(Gzip.gunzip(merged, 1 << 24));
        long cpu = m.samples().stream().mapToLong(s -> s.values()[1]).sum();
        assertEquals(800_000_000L, cpu, "10 CPU profiles merged: 6 x 50 ms + 2 x 200 ms + 2 x 50 ms");
        given().port(fx.port()).get("/api/profiles/ffff/pprof").then().statusCode(404);
        // an encoded slash is ambiguous: the server refuses it before any route runs, in the API's JSON
        given().port(fx.port()).urlEncodingEnabled(false).get("/api/profiles/..%2F..%2Fetc/pprof").then().statusCode(400)
                .body("error", containsString("Ambiguous"));
    }

    @Test
    void browsesRequestDumps() {
        given().port(fx.port()).get("/api/dumps").then().statusCode(200)
                .body("path", contains("/checkout")); // /health's line names a file that is gone
        given().port(fx.port()).get("/api/dumps?status=5xx&min_elapsed_ms=100").then()
                .body("$", hasSize(1)).body("[0].method", equalTo("POST")).body("[0].elapsed_ms", equalTo(123.456f));
        given().port(fx.port()).get("/api/dump?file=POST.checkout.123ms.1700000000.1f.pb.gz").then().statusCode(200)
                .body("flame.names", hasItems("com.example.Router.route", "com.example.Checkout.pay"))
                .body("top[0].name", equalTo("com.example.Checkout.pay"));
        // only files the index names, and never outside the directory
        given().port(fx.port()).get("/api/dump?file=index.jsonl").then().statusCode(404);
        given().port(fx.port()).get("/api/dump?file=../data/index.jsonl").then().statusCode(400);
        given().port(fx.port()).get("/api/dump?file=missing.pb.gz").then().statusCode(404);
    }

    @Test
    void servesTheUiWithoutExternalResources() {
        String html = given().port(fx.port()).get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'")).extract().asString();
        assertTrue(!html.contains("http://") && !html.contains("https://"), "the UI must not load anything from outside");
        given().port(fx.port()).get("/ui/flamegraph.js").then().statusCode(200).header("Content-Type", containsString("javascript"));
        given().port(fx.port()).get("/ui/../pom.xml").then().statusCode(404);
        assertEquals(Map.of(), Map.of());
    }
}
