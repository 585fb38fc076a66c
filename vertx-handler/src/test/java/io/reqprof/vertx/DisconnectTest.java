package io.reqprof.vertx;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up before the response ends: the request is ended from the connection's close,
 * with the status the client saw (0 when no status line was sent), and nothing stays in flight.
 */
class DisconnectTest {
    private static final String LONG_WAIT_MS = "10000";

    @Test
    void aClientThatHangsUpBeforeTheStatusLeavesNoStateAndStatusZero(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.start(dir, TestApp.config(dir))) {
            hangUpDuring(app, "/slow", false);
            List<JsonObject> index = awaitSettled(app, "/slow");
            JsonObject dump = Dumps.withPath(index, "/slow").get(0);
            assertEquals(0, dump.getInteger("status"), "no status was sent: " + dump);
            assertTrue(dump.getDouble("elapsed_ms") < Double.parseDouble(LONG_WAIT_MS), "ended at the hang-up, not by the timer: " + dump);
        }
    }

    @Test
    void aClientThatHangsUpMidBodySawTheStatus(@TempDir Path dir) throws Exception {
        try (TestApp app = TestApp.start(dir, TestApp.config(dir))) {
            hangUpDuring(app, "/stream", true);
            List<JsonObject> index = awaitSettled(app, "/stream");
            JsonObject dump = Dumps.withPath(index, "/stream").get(0);
            assertEquals(200, dump.getInteger("status"), "the status line had reached the client: " + dump);
        }
    }

    /** Sends a request on a raw socket and closes it once the server has the request (and, if asked, the status line arrived). */
    private static void hangUpDuring(TestApp app, String path, boolean readStatusLine) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(app.slowArrived.await(5, TimeUnit.SECONDS), "the server got the request");
            assertEquals(1, app.reqprof.profiler().inFlight(), "the request is in flight");
            if (readStatusLine) {
                InputStream in = socket.getInputStream();
                String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", head);
            }
        }
    }

    /** Waits (flushing) until the hung-up request is dumped and nothing is in flight any more. */
    private static List<JsonObject> awaitSettled(TestApp app, String path) throws Exception {
        List<JsonObject> index = Dumps.await(app.reqprof.profiler(), app.dir,
                entries -> !Dumps.withPath(entries, path).isEmpty() && app.reqprof.profiler().inFlight() == 0);
        assertEquals(0, app.reqprof.profiler().inFlight(), "the in-flight table is empty");
        assertEquals(0, ContextRequests.size(), "no request left in the handler's context table");
        assertEquals(1, Dumps.withPath(index, path).size(), "ended exactly once: " + index);
        return index;
    }
}
