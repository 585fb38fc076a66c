package io.reqprof.collector.http;

import io.reqprof.collector.ingest.ProfileIntake;
import io.reqprof.collector.ingest.PyroscopeIngest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The collector's HTTP server (Jetty, without servlets), built so that no client can hold it:
 * request heads are parsed as bytes arrive, without a thread per connection; an upload's body is
 * read the same way and only then handed to a worker; a connection silent for {@code timeout} is
 * closed, one that has not sent a whole request head within {@code timeout} too, and an upload
 * not received within four times {@code timeout}. At most {@value #MAX_CONNECTIONS} connections,
 * {@value #MAX_CONNECTIONS_PER_CLIENT} per client address, and uploads of at most
 * {@value #UPLOADS_IN_FLIGHT} times the upload cap being received at once (the next gets 503 with
 * {@code Retry-After}). An error in a route, an {@link OutOfMemoryError} included, is logged and
 * answered; the server goes on serving. A {@link LinkageError} (a class that could not be
 * initialized, and so never will be) also goes to the thread's uncaught-exception handler. Routes live in {@link CollectorRoutes}.
 */
public final class HttpEndpoint implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpEndpoint.class.getName());
    /** Open connections in all, beyond which new ones wait in the accept queue. */
    static final int MAX_CONNECTIONS = 256;
    /** Open connections per client address; a browser opens six, a busy agent one or two. */
    static final int MAX_CONNECTIONS_PER_CLIENT = 32;
    /** Largest request head (request line and headers). */
    static final int MAX_HEAD_BYTES = 16 * 1024;
    /** Uploads being received at once, in units of the upload cap. */
    static final int UPLOADS_IN_FLIGHT = 4;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Server server;
    private final ServerConnector connector;
    private final CollectorRoutes routes;
    private final ClientConnections clients;
    private final int maxUpload;
    private final Semaphore uploadBytes;
    private final long bodyDeadlineMillis;
    private final long idleMillis;
    private final AtomicLong lastBusyWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    private HttpEndpoint(Server server, ServerConnector connector, ClientConnections clients, CollectorRoutes routes,
                         int maxUpload, Duration timeout) {
        this.server = server;
        this.clients = clients;
        this.connector = connector;
        this.routes = routes;
        this.maxUpload = maxUpload;
        this.uploadBytes = new Semaphore((int) Math.min(Integer.MAX_VALUE, (long) UPLOADS_IN_FLIGHT * maxUpload));
        this.bodyDeadlineMillis = timeout.multipliedBy(4).toMillis();
        this.idleMillis = timeout.toMillis();
    }

    /**
     * Starts serving.
     *
     * @param token   required bearer token, or null for none
     * @param dumpDir a request-profile directory to browse, or null
     * @param timeout idle, request-head and (times four) upload deadline
     * @param merges  what one merge of stored profiles may cost
     * @throws IOException when the port cannot be bound
     */
    public static HttpEndpoint start(String host, int port, String token, ProfileIntake intake, Path dumpDir,
                                     Duration timeout, MergeBudget merges) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("reqprof-collector-http");
        pool.setDaemon(true);
        ScheduledExecutorScheduler timer = new ScheduledExecutorScheduler("reqprof-collector-http-timer", true);
        Server server = new Server(pool, timer, new ArrayByteBufferPool());
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        http.setRequestHeaderSize(MAX_HEAD_BYTES);
        // no acceptor thread: the one selector accepts too (enough for a collector; one thread fewer)
        ServerConnector connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(timeout.toMillis());
        connector.setAcceptQueueSize(64);
        ClientConnections clients = new ClientConnections(MAX_CONNECTIONS_PER_CLIENT, timeout.toMillis(), timer);
        connector.addBean(clients);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
        server.setErrorHandler(new JsonErrorHandler());
        HttpEndpoint e = new HttpEndpoint(server, connector, clients,
                new CollectorRoutes(token, intake, dumpDir, merges), intake.limits().maxCompressedBytes(), timeout);
        server.setHandler(e.new Dispatch());
        try {
            server.start();
        } catch (IOException ex) {
            stopQuietly(server);
            throw ex;
        } catch (Exception ex) {
            stopQuietly(server);
            throw new IOException("the HTTP server could not start on " + host + ":" + port + ": " + ex, ex);
        }
        return e;
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    /** Jetty calls this on a pool thread once a request's head is in; the body, if any, is read without blocking. */
    private final class Dispatch extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            clients.headReceived(request.getConnectionMetaData().getConnection());
            HttpCall call;
            try {
                call = call(request);
            } catch (IllegalArgumentException malformed) {
                write(response, callback, false, HttpReply.error(400, "malformed query string: " + malformed.getMessage()));
                return true;
            }
            Optional<HttpReply> refused = routes.refuse(call);
            if (refused.isPresent()) {
                write(response, callback, call.head(), refused.get().header("Connection", "close"));
            } else if (CollectorRoutes.wantsBody(call)) {
                receiveThenAnswer(request, response, callback, call);
            } else {
                write(response, callback, call.head(), answer(call));
            }
            return true;
        }
    }

    private void receiveThenAnswer(Request request, Response response, Callback callback, HttpCall head) {
        long declared = request.getLength();
        if (declared > maxUpload) {
            write(response, callback, false, tooLarge().header("Connection", "close"));
            return;
        }
        int reserved = declared >= 0 ? (int) declared : maxUpload;
        if (!uploadBytes.tryAcquire(reserved)) {
            warnBusy();
            write(response, callback, false, HttpReply.error(503, "the collector is receiving " + UPLOADS_IN_FLIGHT
                    + " uploads' worth of bytes already; retry shortly").header("Retry-After", "5").header("Connection", "close"));
            return;
        }
        long started = System.nanoTime();
        CompletableFuture<byte[]> body = Content.Source.asByteArrayAsync(request, maxUpload + 1)
                .orTimeout(bodyDeadlineMillis, TimeUnit.MILLISECONDS);
        body.whenCompleteAsync((bytes, failure) -> {
            uploadBytes.release(reserved);
            Throwable why = failure == null ? null : unwrap(failure);
            HttpReply reply;
            if (why == null && bytes.length <= maxUpload) {
                reply = answer(head.withBody(bytes));
            } else if (why == null || overCap(why)) {
                reply = tooLarge().header("Connection", "close");
            } else if (why instanceof TimeoutException) {
                // Jetty's idle timeout and the whole-upload deadline both end in a TimeoutException
                boolean deadline = System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(bodyDeadlineMillis);
                reply = HttpReply.error(408, deadline
                        ? "the upload was not received within " + bodyDeadlineMillis / 1000 + " s (four times --http-timeout)"
                        : "no byte of the upload arrived for " + idleMillis / 1000 + " s (--http-timeout)")
                        .header("Connection", "close");
            } else if (why instanceof OutOfMemoryError oom) {
                // the collector's fault, not the upload's: 503, which uploaders retry
                reply = outOfMemory(head, oom).header("Connection", "close");
            } else {
                // the client went away or sent a malformed body; the connection is gone or going
                reply = HttpReply.error(400, "the upload could not be read: " + why).header("Connection", "close");
            }
            write(response, callback, false, reply);
        }, server.getThreadPool());
    }

    /** Jetty fails a body read past its {@code maxSize} with this; {@code SlowClientTest} holds it to that. */
    private static boolean overCap(Throwable t) {
        return t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("Max size");
    }

    private HttpReply tooLarge() {
        return HttpReply.error(413, "body exceeds the upload limit of " + maxUpload + " bytes (--max-upload-bytes)");
    }

    /** The route's answer; whatever it throws is logged and answered, and the server goes on. */
    private HttpReply answer(HttpCall call) {
        try {
            return routes.answer(call);
        } catch (OutOfMemoryError oom) {
            return outOfMemory(call, oom);
        } catch (LinkageError broken) {
            // a class that failed to initialize stays broken: the process's policy decides (the
            // stand-alone collector exits so that it is restarted; see Watchdog)
            Thread self = Thread.currentThread();
            self.getUncaughtExceptionHandler().uncaughtException(self, broken);
            return HttpReply.error(500, "internal error: " + broken);
        } catch (IOException | RuntimeException | Error e) {
            LOG.log(Level.WARNING, "reqprof collector: HTTP " + call.method() + " " + call.path() + " failed", e);
            return HttpReply.error(500, "internal error: " + e);
        }
    }

    private static HttpReply outOfMemory(HttpCall call, OutOfMemoryError oom) {
        LOG.log(Level.SEVERE, "reqprof collector: out of memory answering HTTP " + call.method() + " " + call.path()
                + "; this request failed, the collector goes on. Give it more heap (-Xmx) or lower"
                + " --max-decompressed-bytes", oom);
        return HttpReply.error(503, "the collector ran out of memory answering this request");
    }

    private void warnBusy() {
        long last = lastBusyWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastBusyWarning.compareAndSet(last, now)) {
            LOG.warning("reqprof collector: HTTP uploads refused with 503: " + UPLOADS_IN_FLIGHT + " x --max-upload-bytes ("
                    + maxUpload + ") are being received at once (reported at most once a minute)");
        }
    }

    /** The request's head as the routes see it, its body still unread. */
    private static HttpCall call(Request request) {
        Map<String, String> query = PyroscopeIngest.query(request.getHttpURI().getQuery());
        return new HttpCall(request.getMethod(), request.getHttpURI().getDecodedPath(), query,
                name -> request.getHeaders().get(name), new byte[0]);
    }

    private static void write(Response response, Callback callback, boolean head, HttpReply reply) {
        try {
            response.setStatus(reply.status);
            reply.headers.forEach(response.getHeaders()::put);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body.length);
            response.write(true, head || reply.body.length == 0 ? null : ByteBuffer.wrap(reply.body), callback);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        return t;
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // failing to start already; the start's error is the one to report
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "reqprof collector: stopping the HTTP server failed", e);
        }
    }
}
