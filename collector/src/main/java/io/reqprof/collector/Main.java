package io.reqprof.collector;

import io.reqprof.core.config.Settings;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar reqprof-collector.jar [--key=value ...]}: every {@code reqprof.collector.<key>}
 * setting as a flag ({@code --period=5s}), a system property or an environment variable
 * ({@code REQPROF_COLLECTOR_PERIOD=5s}); flags win. {@code --open} alone means {@code --open=true}.
 */
public final class Main {
    /** Jetty's start-up lines at INFO say nothing the collector's own line does not; held so JUL keeps the level. */
    private static final java.util.logging.Logger JETTY = java.util.logging.Logger.getLogger("org.eclipse.jetty");

    private Main() {
    }

    /** Starts a collector and runs until the JVM is stopped. */
    public static void main(String[] args) throws Exception {
        JETTY.setLevel(java.util.logging.Level.WARNING);
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                System.out.println(USAGE);
                return;
            }
            if (!a.startsWith("--")) {
                System.err.println("unexpected argument '" + a + "'\n" + USAGE);
                System.exit(2);
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (key.equals("open")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                System.err.println("flag --" + key + " needs a value\n" + USAGE);
                System.exit(2);
                return;
            }
            flags.put(CollectorConfig.PREFIX + key, value);
        }
        CollectorConfig config;
        try {
            config = CollectorConfig.from(Settings.of("flag", flags).orElse(Settings.fromSystem()));
        } catch (IllegalArgumentException e) {
            System.err.println("reqprof collector: " + e.getMessage());
            System.exit(2);
            return;
        }
        Collector collector;
        try {
            collector = Collector.start(config);
        } catch (IOException e) {
            // a store held by another collector, a port in use: the message says which
            System.err.println("reqprof collector: " + e.getMessage());
            System.exit(1);
            return;
        }
        Watchdog watchdog = Watchdog.watch(collector, config.host(), WATCHDOG_EVERY, WATCHDOG_FAILURES);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                watchdog.close();
                collector.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
            stopped.countDown();
        }, "reqprof-collector-shutdown"));
        System.out.println("reqprof collector: UI at http://" + config.host() + ":" + collector.httpPort()
                + "/  gRPC at " + config.host() + ":" + collector.grpcPort());
        stopped.await();
    }

    /** The stand-alone collector asks its own HTTP side this often ({@link Watchdog}). */
    static final Duration WATCHDOG_EVERY = Duration.ofSeconds(10);
    /** ... and exits after this many questions in a row go unanswered. */
    static final int WATCHDOG_FAILURES = 3;

    static final String USAGE = """
            usage: java -jar reqprof-collector.jar [--flag=value ...]
              --host=127.0.0.1              listen address; another one needs --token or --open
              --grpc-port=4041              Cloud Profiler v2 gRPC port (0: any free port)
              --http-port=4040              UI, JSON API and Pyroscope /ingest port (0: any free port)
              --data-dir=reqprof-collector-data   profile store directory
              --token=SECRET                bearer token required on every gRPC and HTTP call (16+ chars)
              --open                        allow a non-loopback host without a token
              --period=60s                  one profile per period per deployment (at least 1s)
              --profile-duration=10s        length of each profile handed out
              --retention-age=30d           remove profiles older than this (0: never)
              --retention-bytes=1g          remove the oldest profiles beyond this size (0: no cap)
              --max-upload-bytes=4m         largest upload as received
              --max-decompressed-bytes=8m   largest profile after gunzip (gzip-bomb guard)
              --max-samples=50000           most samples in one profile
              --max-symbols=50000           most strings, functions and locations (each) in one profile
              --max-frames=1000000          most frames in all of one profile's stacks together
              --max-merge-nodes=250000      a merge (flame graph, comparison) stops adding profiles at this many nodes
              --merge-timeout=10s           ... or after this long; the UI says which and what was merged
              --http-timeout=30s            close an HTTP connection silent this long or slower to send its request head;
                                            an upload may take four times it
              --dump-dir=DIR                request-profile directory (index.jsonl) to browse in the UI
            Every flag is also REQPROF_COLLECTOR_<FLAG> in the environment or -Dreqprof.collector.<flag>.""";
}
