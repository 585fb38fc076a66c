package io.reqprof.collector;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that hold connections (issue 20): slow request heads, trickled upload bodies, more
 * connections than the server has threads, more upload bytes than it receives at once. Each test
 * asserts the slow clients' answer and that a health probe from another address is answered
 * within its timeout meanwhile. The slow clients connect from other loopback addresses
 * (127.0.0.2, ...), which Linux routes to the same interface, so the per-client cap applies to
 * them and not to the probe.
 */
class SlowClientTest {
    @TempDir
    static Path dir;
    static Collector collector;
    static final int MAX_UPLOAD = 1 << 20;
    /** The per-client connection cap, docs/COLLECTOR.md ("Limits"). */
    static final int PER_CLIENT = 32;
    static final RestAssuredConfig PROBE = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.connection.timeout", 3000).setParam("http.socket.timeout", 3000));
    final List<Socket> slow = new ArrayList<>();
    private Thread trickler;

    @BeforeAll
    static void start() throws Exception {
        collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir)
                .maxUploadBytes(MAX_UPLOAD).httpTimeout(Duration.ofSeconds(1)).build());
        probe(); // the HTTP client's first call loads a lot; not while slow clients must keep trickling
    }

    @AfterAll
    static void stop() throws Exception {
        collector.close();
    }

    @AfterEach
    void closeSlowClients() throws Exception {
        if (trickler != null) {
            trickler.interrupt();
            trickler.join();
        }
        for (Socket s : slow) s.close();
    }

    /** Writes {@code text} to every socket each 50 ms from its own thread, so probing never delays a byte. */
    private void trickleInBackground(List<Socket> sockets, String text) {
        trickler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                trickle(sockets, text);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "slow-client");
        trickler.setDaemon(true);
        trickler.start();
    }

    private Socket connectFrom(String localAddress) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", collector.httpPort()), 3000);
        s.setSoTimeout(5); // closedByServer only looks
        slow.add(s);
        return s;
    }

    /** The health probe: answered, within its 3 s timeouts, from 127.0.0.1. */
    private static void probe() {
        given().config(PROBE).port(collector.httpPort()).get("/api/services").then().statusCode(200);
    }

    /** True when the server has closed {@code s} (end of stream or reset), reading whatever it answered first. */
    private static boolean closedByServer(Socket s, StringBuilder answer) {
        try {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) answer.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static void trickle(List<Socket> sockets, String text) {
        for (Socket s : sockets) {
            try {
                OutputStream out = s.getOutputStream();
                out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException closed) {
                // the server closed this one; closedByServer tells
            }
        }
    }

    @Test
    void aClientOverItsConnectionCapDisplacesItsOldestIdleConnectionOrIsClosed() throws Exception {
        // a collector of its own: 32 keep-alive connections must stay idle longer than the 1 s timeout above
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("cap"))
                .httpTimeout(Duration.ofSeconds(30)).build())) {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < PER_CLIENT; i++) {
                Socket s = connect("127.0.0.6", c.httpPort());
                assertEquals("HTTP/1.1 200 OK", exchange(s));
                idle.add(s);
            }
            // one more from the same address: served, and the oldest idle one is closed for it
            Socket extra = connect("127.0.0.6", c.httpPort());
            assertEquals("HTTP/1.1 200 OK", exchange(extra));
            assertEquals(-1, idle.get(0).getInputStream().read(), "the oldest idle connection is closed");
            assertEquals("HTTP/1.1 200 OK", exchange(idle.get(1)), "the others stay");

            // all 32 in the middle of a request head: nothing to displace, so one of the 33 is closed
            // unanswered (the 33rd, unless the server accepted it before the last of the 32)
            List<Socket> busy = new ArrayList<>();
            for (int i = 0; i < PER_CLIENT; i++) {
                Socket s = connect("127.0.0.7", c.httpPort());
                s.getOutputStream().write("GET /api/services HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                busy.add(s);
            }
            Socket last = connect("127.0.0.7", c.httpPort());
            last.getOutputStream().write("GET /api/services HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            busy.add(last);
            List<Integer> closedUnanswered = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (closedUnanswered.isEmpty() && System.nanoTime() < deadline) {
                for (int i = 0; i < busy.size(); i++) {
                    busy.get(i).setSoTimeout(5);
                    StringBuilder answer = new StringBuilder();
                    if (closedByServer(busy.get(i), answer) && answer.isEmpty()) closedUnanswered.add(i);
                }
            }
            assertEquals(1, closedUnanswered.size(), "one connection over the cap closed unanswered: " + closedUnanswered);
            given().config(PROBE).port(c.httpPort()).get("/api/services").then().statusCode(200);
            for (Socket s : idle) s.close();
            for (Socket s : busy) s.close();
            extra.close();
        }
    }

    private Socket connect(String localAddress, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 3000);
        s.setSoTimeout(5000);
        slow.add(s);
        return s;
    }

    /** One GET on a keep-alive connection: its status line, after reading the whole answer. */
    private static String exchange(Socket s) throws IOException {
        s.getOutputStream().write("GET /api/services HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return "closed after '" + head + "'";
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) in.readNBytes(Integer.parseInt(length.group(1)));
        return head.substring(0, head.indexOf("\r\n"));
    }

    @Test
    void requestHeadsTrickledByteByByteHoldNeitherThreadsNorOtherClients() throws Exception {
        // more connections than the server's 16 threads and than the 32 allowed per client
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 40; i++) sockets.add(connectFrom("127.0.0.2"));
        trickle(sockets, "GET /api/services HTTP/1.1\r\n");
        trickleInBackground(sockets, "X"); // within the idle timeout: only the request-head deadline can end these
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        int closed = 0;
        while (System.nanoTime() < deadline) {
            probe();
            Thread.sleep(100);
            closed = 0;
            for (Socket s : sockets) if (closedByServer(s, new StringBuilder())) closed++;
            if (closed == sockets.size()) break;
        }
        // the 8 over the per-client cap are closed at once, the rest at the 1 s request-head deadline
        assertEquals(sockets.size(), closed, "every connection still trickling its request head must be closed");
        probe();
    }

    @Test
    void uploadBodiesTrickledSlowlyHoldNoThreadAndEndWith408AtTheDeadline() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = connectFrom("127.0.0.3");
            sockets.add(s);
        }
        trickle(sockets, "POST /ingest?name=slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
        List<StringBuilder> answers = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) answers.add(new StringBuilder());
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(12).toNanos();
        boolean allClosed = false;
        trickleInBackground(sockets, "x"); // a byte each 50 ms keeps each under the 1 s idle timeout
        while (!allClosed && System.nanoTime() < deadline) {
            probe();
            Thread.sleep(50);
            allClosed = true;
            for (int i = 0; i < sockets.size(); i++) allClosed &= closedByServer(sockets.get(i), answers.get(i));
        }
        assertTrue(allClosed, "uploads never completed must be ended by the upload deadline");
        for (StringBuilder a : answers) {
            assertTrue(a.toString().startsWith("HTTP/1.1 408"), a.toString());
            assertTrue(a.toString().contains("\"error\":\"the upload was not received within 4 s"), a.toString());
        }
        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(3).toNanos(), "not before four times --http-timeout");
        assertEquals(0, collector.store().size());
        probe();
    }

    @Test
    void uploadsBeyondTheBytesInFlightAreRefusedWith503() throws Exception {
        // each declares the whole upload cap; four are being received at once, the fifth is told to retry
        List<StringBuilder> answers = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Socket s = connectFrom("127.0.0.4");
            sockets.add(s);
            answers.add(new StringBuilder());
            trickle(List.of(s), "POST /ingest?name=big HTTP/1.1\r\nHost: x\r\nContent-Length: " + MAX_UPLOAD + "\r\n\r\n");
            Thread.sleep(50); // in order, so the fifth is the one over
        }
        trickleInBackground(sockets.subList(0, 4), "x");
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (!closedByServer(sockets.get(4), answers.get(4)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        probe();
        String fifth = answers.get(4).toString();
        assertTrue(fifth.startsWith("HTTP/1.1 503"), fifth);
        assertTrue(fifth.contains("Retry-After: 5"), fifth);
        for (int i = 0; i < 4; i++) {
            assertTrue(!closedByServer(sockets.get(i), answers.get(i)), "still receiving upload " + i + ": " + answers.get(i));
        }
        probe();
    }

    /** Sends {@code request} as is from 127.0.0.5 and returns the whole answer. */
    private String raw(String request, byte[] body) throws IOException {
        Socket s = connectFrom("127.0.0.5");
        s.setSoTimeout(3000);
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) out.write(body);
        out.flush();
        StringBuilder answer = new StringBuilder();
        assertTrue(closedByServer(s, answer) || answer.length() > 0, "no answer to " + request);
        return answer.toString();
    }

    @Test
    void aChunkedBodyOverTheCapIs413() throws IOException {
        java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent <= MAX_UPLOAD; sent += chunk.length) {
            chunks.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            chunks.write(chunk);
            chunks.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        chunks.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String answer = raw("POST /ingest?name=victim&format=pprof HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", chunks.toByteArray());
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("--max-upload-bytes"), answer);
        assertEquals(0, collector.store().size());
        probe();
    }

    @Test
    void aMalformedQueryOrPathIsTheApisJsonError() throws IOException {
        String query = raw("GET /api/profiles?service=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", null);
        assertTrue(query.startsWith("HTTP/1.1 400") && query.contains("application/json")
                && query.contains("{\"error\":\"malformed query string"), query);
        String path = raw("GET /api/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", null);
        assertTrue(path.startsWith("HTTP/1.1 400") && path.contains("application/json") && path.contains("{\"error\":"), path);
        String head = raw("GET /api/services HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(17 * 1024)
                + "\r\nConnection: close\r\n\r\n", null);
        assertTrue(head.startsWith("HTTP/1.1 431") && head.contains("application/json") && head.contains("{\"error\":"), head);
        probe();
    }
}
