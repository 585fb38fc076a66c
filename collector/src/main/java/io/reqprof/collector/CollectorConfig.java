package io.reqprof.collector;

import io.reqprof.collector.http.MergeBudget;
import io.reqprof.collector.ingest.UploadLimits;
import io.reqprof.collector.pprof.ParseLimits;
import io.reqprof.core.config.Settings;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable collector settings. Build with {@link #builder()} or read {@code reqprof.collector.*}
 * keys with {@link #from(Settings)} (flags, system properties, environment variables such as
 * {@code REQPROF_COLLECTOR_PERIOD}). Every rule is checked in {@link Builder#build()}, so a bad
 * setting fails the start with a message naming it.
 */
public final class CollectorConfig {
    /** Prefix of every collector setting. */
    public static final String PREFIX = "reqprof.collector.";

    private final String host;
    private final int grpcPort;
    private final int httpPort;
    private final Path dataDir;
    private final String token;
    private final boolean open;
    private final Duration period;
    private final Duration profileDuration;
    private final Duration retentionAge;
    private final long retentionBytes;
    private final UploadLimits limits;
    private final Path dumpDir;
    private final Duration httpTimeout;
    private final MergeBudget mergeBudget;

    private CollectorConfig(Builder b) {
        this.host = b.host;
        this.grpcPort = b.grpcPort;
        this.httpPort = b.httpPort;
        this.dataDir = b.dataDir;
        this.token = b.token;
        this.open = b.open;
        this.period = b.period;
        this.profileDuration = b.profileDuration;
        this.retentionAge = b.retentionAge;
        this.retentionBytes = b.retentionBytes;
        this.limits = new UploadLimits((int) b.maxUploadBytes, (int) b.maxDecompressedBytes,
                new ParseLimits((int) b.maxSamples, (int) b.maxSymbols, (int) b.maxFrames));
        this.mergeBudget = new MergeBudget((int) b.maxMergeNodes, b.mergeTimeout);
        this.dumpDir = b.dumpDir;
        this.httpTimeout = b.httpTimeout;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings read from {@code reqprof.collector.*} keys, defaults for the rest. */
    public static CollectorConfig from(Settings s) {
        Builder b = builder();
        b.host(s.string(PREFIX + "host", b.host));
        b.grpcPort((int) s.number(PREFIX + "grpc-port", b.grpcPort));
        b.httpPort((int) s.number(PREFIX + "http-port", b.httpPort));
        b.dataDir(s.path(PREFIX + "data-dir", b.dataDir));
        s.get(PREFIX + "token").ifPresent(b::token);
        b.open(s.bool(PREFIX + "open", false));
        b.period(s.duration(PREFIX + "period", b.period));
        b.profileDuration(s.duration(PREFIX + "profile-duration", b.profileDuration));
        b.retentionAge(s.duration(PREFIX + "retention-age", b.retentionAge));
        b.retentionBytes(s.bytes(PREFIX + "retention-bytes", b.retentionBytes));
        b.maxUploadBytes(s.bytes(PREFIX + "max-upload-bytes", b.maxUploadBytes));
        b.maxDecompressedBytes(s.bytes(PREFIX + "max-decompressed-bytes", b.maxDecompressedBytes));
        b.maxSamples(s.number(PREFIX + "max-samples", b.maxSamples));
        b.maxSymbols(s.number(PREFIX + "max-symbols", b.maxSymbols));
        b.maxFrames(s.number(PREFIX + "max-frames", b.maxFrames));
        b.maxMergeNodes(s.number(PREFIX + "max-merge-nodes", b.maxMergeNodes));
        b.mergeTimeout(s.duration(PREFIX + "merge-timeout", b.mergeTimeout));
        b.dumpDir(s.path(PREFIX + "dump-dir", null));
        b.httpTimeout(s.duration(PREFIX + "http-timeout", b.httpTimeout));
        return b.build();
    }

    /** Address both servers listen on. */
    public String host() {
        return host;
    }

    /** gRPC port (0: any free port). */
    public int grpcPort() {
        return grpcPort;
    }

    /** HTTP port (0: any free port). */
    public int httpPort() {
        return httpPort;
    }

    /** Directory of the profile store. */
    public Path dataDir() {
        return dataDir;
    }

    /** Bearer token every call must carry, or null. */
    public String token() {
        return token;
    }

    /** True when explicitly allowed to listen beyond loopback without a token. */
    public boolean open() {
        return open;
    }

    /** One profile per period per deployment. */
    public Duration period() {
        return period;
    }

    /** Length of each profile handed out by CreateProfile. */
    public Duration profileDuration() {
        return profileDuration;
    }

    /** Profiles older than this are removed (zero: never). */
    public Duration retentionAge() {
        return retentionAge;
    }

    /** The oldest profiles are removed while the store is larger (0: no cap). */
    public long retentionBytes() {
        return retentionBytes;
    }

    /** Upload size caps. */
    public UploadLimits limits() {
        return limits;
    }

    /** What one merge of stored profiles may cost. */
    public MergeBudget mergeBudget() {
        return mergeBudget;
    }

    /** Request-profile directory the UI browses, or null. */
    public Path dumpDir() {
        return dumpDir;
    }

    /**
     * An HTTP connection silent this long is closed, as is one that has not sent a whole request
     * head in this time; an upload must arrive within four times it.
     */
    public Duration httpTimeout() {
        return httpTimeout;
    }

    /** True when {@link #host()} is a loopback address. */
    public boolean loopback() {
        return isLoopback(host);
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Builds a {@link CollectorConfig}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int grpcPort = 4041;
        private int httpPort = 4040;
        private Path dataDir = Path.of("reqprof-collector-data");
        private String token;
        private boolean open;
        private Duration period = Duration.ofSeconds(60);
        private Duration profileDuration = Duration.ofSeconds(10);
        private Duration retentionAge = Duration.ofDays(30);
        private long retentionBytes = 1L << 30;
        private long maxUploadBytes = UploadLimits.DEFAULT.maxCompressedBytes();
        private long maxDecompressedBytes = UploadLimits.DEFAULT.maxDecompressedBytes();
        private long maxSamples = ParseLimits.DEFAULT.maxSamples();
        private long maxSymbols = ParseLimits.DEFAULT.maxSymbols();
        private long maxFrames = ParseLimits.DEFAULT.maxFrames();
        private long maxMergeNodes = MergeBudget.DEFAULT.maxNodes();
        private Duration mergeTimeout = MergeBudget.DEFAULT.timeout();
        private Path dumpDir;
        private Duration httpTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Listen address; default 127.0.0.1. Anything else needs a token or {@link #open(boolean)}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** gRPC port; default 4041, 0 picks a free one. */
        public Builder grpcPort(int port) {
            this.grpcPort = port;
            return this;
        }

        /** HTTP port; default 4040 (Pyroscope's, so its agents find the collector by default), 0 picks a free one. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Store directory; default {@code ./reqprof-collector-data}. */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** Bearer token for gRPC and HTTP; at least 16 characters. */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** Allows a non-loopback address without a token. */
        public Builder open(boolean open) {
            this.open = open;
            return this;
        }

        /** Profile period per deployment; default 60 s, at least 1 s. */
        public Builder period(Duration period) {
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /** Profile length; default 10 s. */
        public Builder profileDuration(Duration d) {
            this.profileDuration = Objects.requireNonNull(d, "profileDuration");
            return this;
        }

        /** Maximum profile age; default 30 days, zero keeps forever. */
        public Builder retentionAge(Duration age) {
            this.retentionAge = Objects.requireNonNull(age, "retentionAge");
            return this;
        }

        /** Maximum store size; default 1 GiB, 0 for no cap. */
        public Builder retentionBytes(long bytes) {
            this.retentionBytes = bytes;
            return this;
        }

        /** Largest upload as received; default 4 MiB. */
        public Builder maxUploadBytes(long bytes) {
            this.maxUploadBytes = bytes;
            return this;
        }

        /** Largest profile after decompression; default 8 MiB. */
        public Builder maxDecompressedBytes(long bytes) {
            this.maxDecompressedBytes = bytes;
            return this;
        }

        /** Most samples in one profile; default 50,000. */
        public Builder maxSamples(long samples) {
            this.maxSamples = samples;
            return this;
        }

        /** Most entries in each of a profile's string, function and location tables; default 50,000. */
        public Builder maxSymbols(long symbols) {
            this.maxSymbols = symbols;
            return this;
        }

        /** Most frames in all of a profile's stacks together (inlined frames expanded); default 1,000,000. */
        public Builder maxFrames(long frames) {
            this.maxFrames = frames;
            return this;
        }

        /** Most call-tree nodes one merge builds before it stops adding profiles; default 250,000. */
        public Builder maxMergeNodes(long nodes) {
            this.maxMergeNodes = nodes;
            return this;
        }

        /** Longest one merge adds profiles before it stops; default 10 s. */
        public Builder mergeTimeout(Duration timeout) {
            this.mergeTimeout = Objects.requireNonNull(timeout, "mergeTimeout");
            return this;
        }

        /** A request-profile directory (with {@code index.jsonl}) for the dump browser, or null. */
        public Builder dumpDir(Path dir) {
            this.dumpDir = dir;
            return this;
        }

        /** HTTP idle and request-head deadline; default 30 s, 1 s to 10 min; an upload may take four times it. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = Objects.requireNonNull(timeout, "httpTimeout");
            return this;
        }

        /**
         * Checks every rule and builds.
         *
         * @throws IllegalArgumentException naming the setting and the rule
         */
        public CollectorConfig build() {
            if (grpcPort < 0 || grpcPort > 65535) throw bad("grpc-port", "must be 0..65535");
            if (httpPort < 0 || httpPort > 65535) throw bad("http-port", "must be 0..65535");
            if (period.compareTo(Duration.ofSeconds(1)) < 0) throw bad("period", "must be at least 1s");
            if (profileDuration.isNegative() || profileDuration.isZero()) throw bad("profile-duration", "must be more than 0");
            if (retentionAge.isNegative()) throw bad("retention-age", "must not be negative");
            if (retentionBytes < 0) throw bad("retention-bytes", "must not be negative");
            if (maxUploadBytes <= 0 || maxUploadBytes > Integer.MAX_VALUE - (2 << 20)) throw bad("max-upload-bytes", "must be 1..2g");
            if (maxDecompressedBytes <= 0 || maxDecompressedBytes > Integer.MAX_VALUE - 16) throw bad("max-decompressed-bytes", "must be 1..2g");
            if (maxSamples < 1 || maxSamples > 100_000_000) throw bad("max-samples", "must be 1..100000000");
            if (maxSymbols < 1 || maxSymbols > 100_000_000) throw bad("max-symbols", "must be 1..100000000");
            if (maxFrames < 1 || maxFrames > 1_000_000_000) throw bad("max-frames", "must be 1..1000000000");
            if (maxMergeNodes < 1 || maxMergeNodes > 1_000_000_000) throw bad("max-merge-nodes", "must be 1..1000000000");
            if (mergeTimeout.compareTo(Duration.ofMillis(100)) < 0 || mergeTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw bad("merge-timeout", "must be 100ms..10m");
            }
            if (httpTimeout.compareTo(Duration.ofSeconds(1)) < 0 || httpTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
                throw bad("http-timeout", "must be 1s..10m");
            }
            if (token != null && token.length() < 16) throw bad("token", "must be at least 16 characters");
            if (token != null && !token.matches("[\\x21-\\x7e]+")) throw bad("token", "must be printable ASCII without spaces");
            if (token == null && !open && !isLoopback(host)) {
                throw bad("host", "listening on " + host + " (not loopback) requires a token (--token) "
                        + "or an explicit --open to run without one");
            }
            return new CollectorConfig(this);
        }

        private static IllegalArgumentException bad(String key, String rule) {
            return new IllegalArgumentException(PREFIX + key + ": " + rule);
        }
    }
}
