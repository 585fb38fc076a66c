package io.reqprof.agent;

import io.reqprof.core.config.Settings;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.engine.EngineConfig;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Immutable settings of the continuous {@link Profiler}, the counterpart of
 * Google's {@code googlecloudprofiler.start(service, service_version, verbose, project_id,
 * disable_cpu_profiling, disable_wall_profiling, discovery_service_url, period_ms,
 * service_account_json_file)} (docs/CONTINUOUS.md maps each to its setting). Values not given are inferred from the environment as Google's agents do
 * ({@code K_SERVICE}/{@code GAE_SERVICE}, {@code K_REVISION}/{@code GAE_VERSION},
 * {@code GOOGLE_CLOUD_PROJECT}, the host name); the project id and zone may also come from the GCE
 * metadata server when {@link Profiler#start} runs on Google Cloud.
 *
 * <p>{@link Builder#build()} fails with an {@link IllegalArgumentException} naming the setting and its
 * rule ({@code reqprof.service: must match ^[a-z0-9]([-a-z0-9_.]{0,253}[a-z0-9])?$, was 'My App'}),
 * and with {@link UnsupportedOperationException} for a profile type no sampling session can collect
 * (live heap). See docs/CONTINUOUS.md for every setting.
 */
public final class ProfilerConfig {
    /** Cloud Profiler's rule for the service (deployment target) name. */
    public static final Pattern SERVICE_RULE = Pattern.compile("^[a-z0-9]([-a-z0-9_.]{0,253}[a-z0-9])?$");
    /** Rule for label keys (those of Cloud Profiler deployment labels). */
    public static final Pattern LABEL_KEY_RULE = Pattern.compile("^[a-z]([-a-z0-9_.]{0,61}[a-z0-9])?$");
    /** Allocation sampling interval used when allocation profiles are on and no interval was set. */
    public static final long DEFAULT_ALLOC_INTERVAL = 512 * 1024;
    /** Lock threshold used when contention profiles are on and no threshold was set. */
    public static final Duration DEFAULT_LOCK_THRESHOLD = Duration.ofNanos(10_000);
    /**
     * CPU interval of always-on sampling (a push target whose profile-duration equals its upload-period)
     * when no interval was set. The engine's 10 ms / 50 ms defaults suit per-request profiles; sampling
     * at them all the time cost a CPU-bound endpoint 1-6% of its throughput in paired runs (they
     * drift), 25 ms / 200 ms about half as much in the same runs (bench/README.md). Most of the
     * cost is async-profiler's own sampling.
     */
    public static final Duration ALWAYS_ON_CPU_INTERVAL = Duration.ofMillis(25);
    /** Wall interval of always-on sampling when no interval was set; see {@link #ALWAYS_ON_CPU_INTERVAL}. */
    public static final Duration ALWAYS_ON_WALL_INTERVAL = Duration.ofMillis(200);
    static final Set<String> RESERVED_LABELS = Set.of("language", "version", "zone", "instance");

    private final String service;
    private final String serviceVersion;
    private final String projectId;
    private final String zone;
    private final String instance;
    private final int verbose;
    private final Set<ProfileType> types;
    private final Map<String, String> labels;
    private final UploadTarget target;
    private final String bearerToken;
    private final boolean offline;
    private final Duration period;
    private final Duration duration;
    private final EngineConfig engine;
    private final URI metadataUrl;
    private final Duration backoffInitial;
    private final Duration backoffMax;

    private ProfilerConfig(Builder b, Set<ProfileType> types, EngineConfig engine, Duration period, Duration duration) {
        this.service = b.service;
        this.serviceVersion = b.serviceVersion;
        this.projectId = b.projectId;
        this.zone = b.zone;
        this.instance = b.instance;
        this.verbose = b.verbose;
        this.types = Collections.unmodifiableSet(EnumSet.copyOf(types));
        this.labels = Collections.unmodifiableMap(new TreeMap<>(b.labels));
        this.target = b.target;
        this.bearerToken = b.bearerToken;
        this.offline = b.offline;
        this.period = period;
        this.duration = duration;
        this.engine = engine;
        this.metadataUrl = b.metadataUrl;
        this.backoffInitial = b.backoffInitial;
        this.backoffMax = b.backoffMax;
    }

    /** A builder reading inferred values from the process environment. */
    public static Builder builder() {
        return new Builder(System::getenv);
    }

    /**
     * Settings from {@code reqprof.*} keys of {@code settings} (see docs/CONTINUOUS.md), with the
     * environment inference of {@link #builder()}.
     *
     * @throws IllegalArgumentException naming the first unreadable or invalid setting
     */
    public static ProfilerConfig from(Settings settings) {
        return from(settings, System::getenv);
    }

    static ProfilerConfig from(Settings s, Function<String, String> env) {
        Builder b = new Builder(env);
        b.service(s.string("reqprof.service", null));
        b.serviceVersion(s.string("reqprof.service-version", null));
        b.projectId(s.string("reqprof.project-id", null));
        b.zone(s.string("reqprof.zone", null));
        b.instance(s.string("reqprof.instance", null));
        long verbose = s.number("reqprof.verbose", 0);
        if (verbose < 0 || verbose > 3) throw s.invalid("reqprof.verbose", VERBOSE_RULE);
        b.verbose((int) verbose);
        b.cpuProfiling(s.bool("reqprof.profile-cpu", true));
        b.wallProfiling(s.bool("reqprof.profile-wall", true));
        b.heapProfiling(s.bool("reqprof.profile-heap", false));
        b.allocProfiling(s.bool("reqprof.profile-alloc", false));
        b.contentionProfiling(s.bool("reqprof.profile-contention", false));
        for (String item : s.list("reqprof.labels", java.util.List.of())) {
            int eq = item.indexOf('=');
            if (eq <= 0) throw s.invalid("reqprof.labels", "must be key=value pairs separated by commas");
            b.label(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
        }
        b.target(s.parse("reqprof.target", UploadTarget.cloud(), UploadTarget.RULE, UploadTarget::tryParse));
        b.bearerToken(s.string("reqprof.bearer-token", null));
        b.offline(s.bool("reqprof.offline", false));
        b.uploadPeriod(s.duration("reqprof.upload-period", null));
        b.profileDuration(s.duration("reqprof.profile-duration", null));
        b.metadataUrl(s.parse("reqprof.metadata-url", null, "must be an http URL", v -> {
            URI u = URI.create(v);
            return "http".equalsIgnoreCase(u.getScheme()) ? u : null;
        }));
        b.engine(EngineConfig.from(s));
        b.ratesGiven = s.string("reqprof.cpu-interval", null) != null || s.string("reqprof.wall-interval", null) != null;
        return b.build();
    }

    static final String VERBOSE_RULE = "must be 0 (errors), 1 (warnings), 2 (info) or 3 (debug)";

    /** Service name: Cloud Profiler's deployment target. */
    public String service() {
        return service;
    }

    /** Service version, or null. */
    public String serviceVersion() {
        return serviceVersion;
    }

    /** Google Cloud project id, or null (then inferred from the metadata server where needed). */
    public String projectId() {
        return projectId;
    }

    /** Zone, or null (then looked up on the metadata server, in the background, on Google Cloud). */
    public String zone() {
        return zone;
    }

    /** Instance name: the profile label {@code instance}; defaults to the host name. */
    public String instance() {
        return instance;
    }

    /** 0 errors, 1 warnings, 2 info, 3 debug: the level of the {@code io.reqprof} loggers. */
    public int verbose() {
        return verbose;
    }

    /** Enabled profile types. */
    public Set<ProfileType> profileTypes() {
        return types;
    }

    /** Extra deployment labels (Cloud Profiler), app-name labels (Pyroscope), resource attributes (OTLP). */
    public Map<String, String> labels() {
        return labels;
    }

    public UploadTarget target() {
        return target;
    }

    /** Bearer token sent as {@code authorization}, or null. */
    public String bearerToken() {
        return bearerToken;
    }

    /** Cloud Profiler API targets only: collect on the agent's own schedule and use CreateOfflineProfile. */
    public boolean offline() {
        return offline;
    }

    /** How often a profile of each type is collected, for targets that do not drive collection themselves. */
    public Duration uploadPeriod() {
        return period;
    }

    /** Length of each profile, for targets that do not drive collection themselves. */
    public Duration profileDuration() {
        return duration;
    }

    /** Settings of the sampling session this profiler starts (or joins). */
    public EngineConfig engine() {
        return engine;
    }

    /** Base URL of the GCE metadata server; null means the standard one. */
    public URI metadataUrl() {
        return metadataUrl;
    }

    /** First retry delay bound after an error (full jitter); 60 s by default. */
    public Duration backoffInitial() {
        return backoffInitial;
    }

    /** Largest retry delay bound; 1 h by default. */
    public Duration backoffMax() {
        return backoffMax;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProfilerConfig c && service.equals(c.service) && Objects.equals(serviceVersion, c.serviceVersion)
                && Objects.equals(projectId, c.projectId) && Objects.equals(zone, c.zone) && instance.equals(c.instance)
                && verbose == c.verbose && types.equals(c.types) && labels.equals(c.labels) && target.equals(c.target)
                && Objects.equals(bearerToken, c.bearerToken) && offline == c.offline && period.equals(c.period)
                && duration.equals(c.duration) && engine.equals(c.engine) && Objects.equals(metadataUrl, c.metadataUrl)
                && backoffInitial.equals(c.backoffInitial) && backoffMax.equals(c.backoffMax);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, serviceVersion, projectId, zone, instance, verbose, types, labels, target,
                bearerToken, offline, period, duration, engine, metadataUrl, backoffInitial, backoffMax);
    }

    @Override
    public String toString() {
        return "ProfilerConfig{service=" + service + ", version=" + serviceVersion + ", project=" + projectId
                + ", zone=" + zone + ", instance=" + instance + ", types=" + types + ", labels=" + labels
                + ", target=" + target + (offline ? " (offline)" : "") + ", period=" + period + ", duration=" + duration
                + ", verbose=" + verbose + ", engine=" + engine + (bearerToken == null ? "" : ", bearerToken=***") + '}';
    }

    /** Builder; every setter's setting name is given in docs/CONTINUOUS.md. */
    public static final class Builder {
        private final Function<String, String> env;
        private String service;
        private String serviceVersion;
        private String projectId;
        private String zone;
        private String instance;
        private int verbose;
        private boolean cpu = true;
        private boolean wall = true;
        private boolean heap;
        private boolean alloc;
        private boolean contention;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private UploadTarget target = UploadTarget.cloud();
        private String bearerToken;
        private boolean offline;
        private Duration period;
        private Duration duration;
        private EngineConfig engine;
        private boolean ratesGiven; // an interval was chosen by the caller, not defaulted
        private URI metadataUrl;
        private Duration backoffInitial = Duration.ofSeconds(60);
        private Duration backoffMax = Duration.ofHours(1);

        Builder(Function<String, String> env) {
            this.env = env;
        }

        /** {@code reqprof.service}: required, or {@code K_SERVICE} / {@code GAE_SERVICE}. */
        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** {@code reqprof.service-version}, or {@code K_REVISION} / {@code GAE_VERSION}. */
        public Builder serviceVersion(String version) {
            this.serviceVersion = version;
            return this;
        }

        /** {@code reqprof.project-id}, or {@code GOOGLE_CLOUD_PROJECT}, or the metadata server. */
        public Builder projectId(String projectId) {
            this.projectId = projectId;
            return this;
        }

        /** {@code reqprof.zone}, or the metadata server. */
        public Builder zone(String zone) {
            this.zone = zone;
            return this;
        }

        /** {@code reqprof.instance}, or the host name. */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** {@code reqprof.verbose}: 0 errors (default), 1 warnings, 2 info, 3 debug. */
        public Builder verbose(int verbose) {
            this.verbose = verbose;
            return this;
        }

        /** {@code reqprof.profile-cpu} (default on); {@code disable_cpu_profiling} of Google's agents. */
        public Builder cpuProfiling(boolean on) {
            this.cpu = on;
            return this;
        }

        /** {@code reqprof.profile-wall} (default on); {@code disable_wall_profiling} of Google's agents. */
        public Builder wallProfiling(boolean on) {
            this.wall = on;
            return this;
        }

        /** {@code reqprof.profile-heap}: live heap; not available from a sampling session, so on fails build. */
        public Builder heapProfiling(boolean on) {
            this.heap = on;
            return this;
        }

        /** {@code reqprof.profile-alloc} (default off): HEAP_ALLOC profiles; turns allocation sampling on. */
        public Builder allocProfiling(boolean on) {
            this.alloc = on;
            return this;
        }

        /** {@code reqprof.profile-contention} (default off): CONTENTION profiles; turns lock sampling on. */
        public Builder contentionProfiling(boolean on) {
            this.contention = on;
            return this;
        }

        /** Adds a label ({@code reqprof.labels=k=v,k2=v2}). */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** {@code reqprof.target}: where profiles go (default {@code cloud}). */
        public Builder target(UploadTarget target) {
            this.target = Objects.requireNonNull(target, "reqprof.target");
            return this;
        }

        /** {@code reqprof.target} in its compact form, e.g. {@code grpc://collector:8081}. */
        public Builder target(String target) {
            return target(UploadTarget.parse(target));
        }

        /** {@code reqprof.bearer-token}: sent as {@code authorization: Bearer ...} (instead of Google credentials). */
        public Builder bearerToken(String token) {
            this.bearerToken = token;
            return this;
        }

        /** {@code reqprof.offline}: Cloud Profiler API without server-driven collection (CreateOfflineProfile). */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** {@code reqprof.upload-period}: a profile of each type this often (push targets and offline mode). */
        public Builder uploadPeriod(Duration period) {
            this.period = period;
            return this;
        }

        /** {@code reqprof.profile-duration}: length of each profile (push targets and offline mode). */
        public Builder profileDuration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /**
         * Sampling session settings ({@code reqprof.engine}, {@code reqprof.cpu-interval}, ...). Its
         * intervals are used as given; without this call, always-on sampling uses
         * {@link #ALWAYS_ON_CPU_INTERVAL} and {@link #ALWAYS_ON_WALL_INTERVAL}.
         */
        public Builder engine(EngineConfig engine) {
            this.engine = engine;
            this.ratesGiven = engine != null;
            return this;
        }

        /** {@code reqprof.metadata-url}: base URL of the GCE metadata server (tests, proxies). */
        public Builder metadataUrl(URI url) {
            this.metadataUrl = url;
            return this;
        }

        /** Retry delays after errors: full jitter from {@code initial}, ×1.3 per failure, capped at {@code max}. */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /**
         * Infers missing values, then validates.
         *
         * @throws IllegalArgumentException      naming the first invalid setting and its rule
         * @throws UnsupportedOperationException when live-heap profiling is asked for
         */
        public ProfilerConfig build() {
            if (blank(service)) service = firstEnv("K_SERVICE", "GAE_SERVICE");
            if (blank(serviceVersion)) serviceVersion = firstEnv("K_REVISION", "GAE_VERSION");
            if (blank(projectId)) projectId = firstEnv("GOOGLE_CLOUD_PROJECT");
            if (blank(zone)) zone = null;
            if (blank(instance)) instance = HostName.get(env);
            if (service == null) {
                throw new IllegalArgumentException("reqprof.service: is required (or K_SERVICE or GAE_SERVICE in the "
                        + "environment) and must match " + SERVICE_RULE.pattern());
            }
            if (!SERVICE_RULE.matcher(service).matches()) {
                throw new IllegalArgumentException("reqprof.service: must match " + SERVICE_RULE.pattern() + ", was '" + service + "'");
            }
            if (verbose < 0 || verbose > 3) {
                throw new IllegalArgumentException("reqprof.verbose: " + VERBOSE_RULE + ", was " + verbose);
            }
            if (heap) {
                throw new UnsupportedOperationException("reqprof.profile-heap: live-heap (HEAP) profiles cannot be taken "
                        + "from a sampling session; turn on reqprof.profile-alloc for allocation (HEAP_ALLOC) profiles");
            }
            Set<ProfileType> types = EnumSet.noneOf(ProfileType.class);
            if (cpu) types.add(ProfileType.CPU);
            if (wall) types.add(ProfileType.WALL);
            if (alloc) types.add(ProfileType.HEAP_ALLOC);
            if (contention) types.add(ProfileType.CONTENTION);
            if (types.isEmpty()) {
                throw new IllegalArgumentException("reqprof.profile-cpu, reqprof.profile-wall, reqprof.profile-alloc, "
                        + "reqprof.profile-contention: at least one profile type must be enabled, all were off");
            }
            labels.forEach((k, v) -> {
                if (k == null || !LABEL_KEY_RULE.matcher(k).matches()) {
                    throw new IllegalArgumentException("reqprof.labels: keys must match " + LABEL_KEY_RULE.pattern() + ", was '" + k + "'");
                }
                if (RESERVED_LABELS.contains(k)) {
                    throw new IllegalArgumentException("reqprof.labels: keys must not be language, version, zone or instance "
                            + "(the agent sets those), was '" + k + "'");
                }
                if (v == null || v.isEmpty() || v.length() > 63) {
                    throw new IllegalArgumentException("reqprof.labels: values must be 1 to 63 characters, was '" + v + "' for '" + k + "'");
                }
            });
            if (offline && !target.kind().isCloudProfilerApi()) {
                throw new IllegalArgumentException("reqprof.offline: needs a Cloud Profiler API target (cloud, grpc://, grpcs://), was target " + target);
            }
            boolean pushed = offline || !target.kind().isCloudProfilerApi();
            Duration d = duration != null ? duration : Duration.ofSeconds(10);
            Duration p = period != null ? period : defaultPeriod(target, offline);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("reqprof.profile-duration: must be greater than 0, was " + d);
            }
            if (p.compareTo(d) < 0) {
                throw new IllegalArgumentException("reqprof.upload-period: must be at least reqprof.profile-duration (" + d + "), was " + p);
            }
            if (!pushed && (period != null || duration != null)) {
                // the Cloud Profiler server decides type and duration; the values are kept but unused
                System.getLogger("io.reqprof.agent").log(System.Logger.Level.DEBUG,
                        "reqprof.upload-period and reqprof.profile-duration are decided by the server for target " + target);
            }
            if (backoffInitial == null || backoffInitial.isZero() || backoffInitial.isNegative()) {
                throw new IllegalArgumentException("reqprof.backoff-initial: must be greater than 0, was " + backoffInitial);
            }
            if (backoffMax == null || backoffMax.compareTo(backoffInitial) < 0) {
                throw new IllegalArgumentException("reqprof.backoff-max: must be at least the initial backoff (" + backoffInitial + "), was " + backoffMax);
            }
            if (target.kind() == UploadTarget.Kind.DIRECTORY && Files.exists(target.directory()) && !Files.isDirectory(target.directory())) {
                throw new IllegalArgumentException("reqprof.target: must name a directory, was a file '" + target.directory() + "'");
            }
            EngineConfig e = engine != null ? engine : EngineConfig.defaults();
            EngineConfig.Builder eb = e.toBuilder();
            if (pushed && d.equals(p) && !ratesGiven) {
                // Back-to-back profiles sample all the time; at the engine's defaults (made for
                // per-request resolution) that costs more than the 1% a production agent may take.
                eb.cpuInterval(ALWAYS_ON_CPU_INTERVAL).wallInterval(ALWAYS_ON_WALL_INTERVAL);
            }
            if (alloc && e.allocInterval() == 0) eb.allocInterval(DEFAULT_ALLOC_INTERVAL);
            if (contention && e.lockThreshold() == null) eb.lockThreshold(DEFAULT_LOCK_THRESHOLD);
            if (!wall) eb.wall(false); // no wall profiles wanted: spare the per-thread wall signals
            return new ProfilerConfig(this, types, eb.build(), p, d);
        }

        private static Duration defaultPeriod(UploadTarget target, boolean offline) {
            // Push targets (Pyroscope, OTLP) profile continuously; files and offline uploads every minute.
            return switch (target.kind()) {
                case PYROSCOPE, OTLP -> Duration.ofSeconds(10);
                default -> Duration.ofSeconds(60);
            };
        }

        private String firstEnv(String... names) {
            for (String n : names) {
                String v = env.apply(n);
                if (!blank(v)) return v.trim();
            }
            return null;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
