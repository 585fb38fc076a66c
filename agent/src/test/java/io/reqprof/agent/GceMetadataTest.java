package io.reqprof.agent;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Project and zone from a (loopback) metadata server; the bounded, skippable look-up; the project rule. */
class GceMetadataTest {

    @Test
    void projectAndZoneComeFromTheMetadataServerWithItsHeader() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicReference<String> flavor = new AtomicReference<>();
        Map<String, String> answers = Map.of("/computeMetadata/v1/project/project-id", "meta-proj",
                "/computeMetadata/v1/instance/zone", "projects/123/zones/europe-west1-b");
        server.createContext("/", ex -> {
            flavor.set(ex.getRequestHeaders().getFirst("Metadata-Flavor"));
            String body = answers.get(ex.getRequestURI().getPath());
            byte[] b = (body == null ? "" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length == 0 ? -1 : b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            GceMetadata m = GceMetadata.locate(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/computeMetadata/v1/"), k -> null);
            assertEquals(Optional.of("meta-proj"), m.projectId());
            assertEquals(Optional.of("europe-west1-b"), m.zone());
            assertEquals("Google", flavor.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void offGoogleCloudNothingIsAskedAndCloudWithoutAProjectIsAnError() throws Exception {
        GceMetadata off = GceMetadata.locate(null, k -> null);
        if (!off.onGcp()) assertEquals(Optional.empty(), off.projectId());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ProfilerConfig c = new ProfilerConfig.Builder(k -> null).service("s").instance("i")
                .metadataUrl(URI.create("http://127.0.0.1:" + closedPort + "/")).build();
        long t0 = System.nanoTime();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profiler.start(c, k -> null));
        long took = System.nanoTime() - t0;
        assertEquals("reqprof.project-id: is required for target cloud; set it, or GOOGLE_CLOUD_PROJECT, or run on "
                + "Google Cloud (the metadata server did not answer)", e.getMessage());
        assertTrue(took < 2_500_000_000L, "the metadata look-up is bounded: " + took / 1e6 + " ms");
        assertFalse(Profiler.current() != null, "nothing keeps running after a failed start");
    }
}
