package io.reqprof.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigDocSection;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;

import java.util.Optional;

/**
 * Run-time settings of reqprof in a Quarkus application. Every {@code reqprof.<key>} of
 * docs/CONFIGURATION.md is {@code quarkus.reqprof.<key>} here; values are kept as text and read by
 * reqprof's own settings reader, so syntax, defaults, rules and error messages are the same as in
 * every other reqprof adapter. Only the Quarkus defaults differ: see each item.
 */
@ConfigMapping(prefix = "quarkus.reqprof")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface ReqprofConfig {

    /**
     * Request profiling.
     */
    @ConfigDocSection
    Requests requests();

    /**
     * Continuous profiling.
     */
    @ConfigDocSection
    Continuous continuous();

    /**
     * Sampling engine: {@code auto}, {@code async} (async-profiler) or {@code jfr} (reqprof.engine).
     * Default {@code auto}.
     */
    Optional<String> engine();

    /**
     * CPU sampling interval, e.g. {@code 10ms} (reqprof.cpu-interval). Default 10 ms.
     */
    Optional<String> cpuInterval();

    /**
     * Wall-clock sampling interval, e.g. {@code 50ms} (reqprof.wall-interval). Default 50 ms.
     */
    Optional<String> wallInterval();

    /**
     * Whether wall-clock time is sampled, {@code true} or {@code false} (reqprof.wall). Default true.
     */
    Optional<String> wall();

    /**
     * Allocation sampling interval in bytes, e.g. {@code 512k}; 0 turns it off (reqprof.alloc-interval).
     * Default off.
     */
    Optional<String> allocInterval();

    /**
     * Lock contention threshold, e.g. {@code 10ms}; unset turns it off (reqprof.lock-threshold).
     */
    Optional<String> lockThreshold();

    /**
     * How often samples are read, at least 100 ms (reqprof.chunk-period); bounds how soon a request's
     * dump appears. Default 1 s.
     */
    Optional<String> chunkPeriod();

    /**
     * Directory for the sampler's private chunk files (reqprof.temp-dir). Default {@code java.io.tmpdir}.
     */
    Optional<String> tempDir();

    /**
     * A {@code libasyncProfiler.so} to load instead of the bundled one (reqprof.async-profiler-library).
     */
    Optional<String> asyncProfilerLibrary();

    /**
     * Directory for per-request dump files (reqprof.profile-dir). In dev mode it defaults to
     * {@code target/reqprof}; otherwise unset (no files).
     */
    Optional<String> profileDir();

    /**
     * Dump file name template (reqprof.filename-format), werkzeug style, with placeholders
     * {@code {method} {path} {route} {elapsed} {time} {status} {id} {ext}}.
     * Default {@code {method}.{path}.{elapsed}ms.{time}.{id}.{ext}}.
     */
    Optional<String> filenameFormat();

    /**
     * Dump formats, any of {@code pprof}, {@code collapsed}, {@code html} (reqprof.formats).
     * Default {@code pprof}; in dev mode {@code pprof,html}.
     */
    Optional<String> formats();

    /**
     * Where text summaries go: {@code none}, {@code stdout}, {@code stderr} or {@code log} (reqprof.stream).
     * Default {@code log} without a profile directory, else {@code none}.
     */
    Optional<String> stream();

    /**
     * Summary row order: {@code self}, {@code total} or {@code name} (reqprof.sort-by). Default {@code self}.
     */
    Optional<String> sortBy();

    /**
     * Summary row filters applied in order, pstats style (reqprof.restrictions): a whole number keeps
     * that many rows, a decimal that fraction, anything else is a regex on the function name.
     */
    Optional<String> restrictions();

    /**
     * Only requests that took at least this long are dumped, e.g. {@code 250ms} (reqprof.min-elapsed).
     */
    Optional<String> minElapsed();

    /**
     * Path globs of requests to dump, comma-separated (reqprof.include-paths). Default all.
     */
    Optional<String> includePaths();

    /**
     * Path globs of requests never dumped, comma-separated (reqprof.exclude-paths).
     */
    Optional<String> excludePaths();

    /**
     * HTTP methods of requests to dump, comma-separated (reqprof.methods). Default all.
     */
    Optional<String> methods();

    /**
     * Status classes or codes of requests to dump, e.g. {@code 5xx,404} (reqprof.status). Default all.
     */
    Optional<String> status();

    /**
     * Dump one in N of the requests the method and path rules admit (reqprof.sample-one-in). Default 1.
     */
    Optional<String> sampleOneIn();

    /**
     * At most this many dumps per calendar minute; 0 is no cap (reqprof.max-dumps-per-minute).
     */
    Optional<String> maxDumpsPerMinute();

    /**
     * Header that forces a dump when it carries the trigger secret (reqprof.trigger-header).
     * Default {@code X-Reqprof-Trigger}.
     */
    Optional<String> triggerHeader();

    /**
     * Secret of the trigger header, at least 16 characters; unset turns the trigger off (reqprof.trigger-secret).
     */
    Optional<String> triggerSecret();

    /**
     * Whether profiled responses carry {@code Server-Timing: reqprof;desc="<id>"} (reqprof.server-timing).
     */
    Optional<String> serverTiming();

    /**
     * Retention of dump files.
     */
    Retention retention();

    /**
     * The embedded collector started in dev mode when the continuous target is {@code collector}.
     */
    @ConfigDocSection
    Collector collector();

    /**
     * Dev mode's embedded collector (reqprof.collector.*); it listens on 127.0.0.1 only.
     */
    interface Collector {
        /**
         * Port of its Cloud Profiler v2 gRPC server; 0 picks a free one (reqprof.collector.grpc-port).
         * Default 0.
         */
        Optional<String> grpcPort();

        /**
         * Port of its web UI and HTTP API; 0 picks a free one (reqprof.collector.http-port). Default 0.
         */
        Optional<String> httpPort();

        /**
         * Where it stores profiles (reqprof.collector.data-dir). Default {@code target/reqprof-collector}.
         */
        Optional<String> dataDir();

        /**
         * One continuous profile per this period per deployment (reqprof.collector.period). Default 15s.
         */
        Optional<String> period();

        /**
         * Length of each continuous profile (reqprof.collector.profile-duration). Default 10s.
         */
        Optional<String> profileDuration();
    }

    /**
     * Request profiling switch.
     */
    interface Requests {
        /**
         * Whether HTTP requests are profiled (reqprof.enabled). Default {@code true} in dev mode and
         * {@code false} otherwise, so a production build profiles requests only when asked to.
         */
        Optional<String> enabled();
    }

    /**
     * Retention caps; only files listed in the directory's {@code index.jsonl} are ever deleted.
     */
    interface Retention {
        /**
         * Most dump files kept (reqprof.retention.max-files), counting each format of a dump as one file. Default 1000.
         */
        Optional<String> maxFiles();

        /**
         * Most bytes of dump files kept, e.g. {@code 256m} (reqprof.retention.max-bytes). Default 256m.
         */
        Optional<String> maxBytes();
    }

    /**
     * Continuous profiling: whole-JVM profiles uploaded to a backend (issue #4's agent).
     */
    interface Continuous {
        /**
         * Where continuous profiles go (reqprof.target): {@code none}; {@code collector} (in dev mode, an
         * embedded collector started in-process); {@code cloud} (Google Cloud Profiler);
         * {@code grpc://host:port} (a Cloud Profiler API server such as reqprof's collector);
         * {@code pyroscope+http://host:port}; {@code otlp+http://host:port}; or {@code file:/directory}.
         * Default {@code collector} in dev mode, {@code none} otherwise.
         */
        Optional<String> target();

        /**
         * Service name reported with continuous profiles (reqprof.service). Defaults to
         * {@code quarkus.application.name}.
         */
        Optional<String> service();

        /**
         * Service version reported with continuous profiles (reqprof.service-version). Defaults to
         * {@code quarkus.application.version}.
         */
        Optional<String> version();

        /**
         * Google Cloud project id for the {@code cloud} target (reqprof.project-id).
         */
        Optional<String> projectId();

        /**
         * Zone reported with the deployment (reqprof.zone); on Google Cloud read from the metadata server.
         */
        Optional<String> zone();

        /**
         * Instance name (reqprof.instance). Defaults to the host name.
         */
        Optional<String> instance();

        /**
         * Extra deployment labels, {@code key=value} pairs separated by commas (reqprof.labels).
         */
        Optional<String> labels();

        /**
         * Whether CPU profiles are collected (reqprof.profile-cpu). Default true.
         */
        Optional<String> profileCpu();

        /**
         * Whether wall-clock profiles are collected (reqprof.profile-wall). Default true.
         */
        Optional<String> profileWall();

        /**
         * Whether allocation profiles are collected (reqprof.profile-alloc). Default false.
         */
        Optional<String> profileAlloc();

        /**
         * Whether lock contention profiles are collected (reqprof.profile-contention). Default false.
         */
        Optional<String> profileContention();

        /**
         * Cloud Profiler API targets only: upload without server scheduling (reqprof.offline). Default false.
         */
        Optional<String> offline();

        /**
         * Push targets (Pyroscope, OTLP, directory): how often a profile is sent (reqprof.upload-period).
         */
        Optional<String> uploadPeriod();

        /**
         * Bearer token sent to the target (reqprof.bearer-token).
         */
        Optional<String> bearerToken();

        /**
         * Agent log level: 0 errors, 1 warnings, 2 info, 3 debug (reqprof.verbose). Default 0.
         */
        Optional<String> verbose();
    }
}
