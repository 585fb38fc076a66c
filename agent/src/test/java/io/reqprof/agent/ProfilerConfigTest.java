package io.reqprof.agent;

import io.reqprof.core.config.Settings;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.engine.EngineConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every validation rule, with its message; inference from the environment; settings keys. */
class ProfilerConfigTest {
    private static final Function<String, String> NO_ENV = k -> null;

    private static ProfilerConfig.Builder builder() {
        return new ProfilerConfig.Builder(NO_ENV).instance("i");
    }

    private static String iae(ProfilerConfig.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    private static ProfilerConfig fromSettings(Map<String, String> values) {
        return ProfilerConfig.from(Settings.of("test", values), NO_ENV);
    }

    @Test
    void serviceIsRequiredAndMustMatchCloudProfilersRule() {
        assertEquals("reqprof.service: is required (or K_SERVICE or GAE_SERVICE in the environment) and must match "
                + "^[a-z0-9]([-a-z0-9_.]{0,253}[a-z0-9])?$", iae(builder()));
        assertEquals("reqprof.service: must match ^[a-z0-9]([-a-z0-9_.]{0,253}[a-z0-9])?$, was 'My App'",
                iae(builder().service("My App")));
        assertTrue(iae(builder().service("x".repeat(256))).startsWith("reqprof.service: must match"));
        assertTrue(iae(builder().service("ends-with-dash-")).startsWith("reqprof.service: must match"));
        assertEquals("a", builder().service("a").build().service());
        assertEquals("svc-1_b.c", builder().service("svc-1_b.c").build().service());
    }

    @Test
    void verboseIsZeroToThree() {
        assertEquals("reqprof.verbose: must be 0 (errors), 1 (warnings), 2 (info) or 3 (debug), was 4",
                iae(builder().service("s").verbose(4)));
        assertEquals("reqprof.verbose: must be 0 (errors), 1 (warnings), 2 (info) or 3 (debug), was '-1' (from test reqprof.verbose)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.verbose", "-1"))).getMessage());
        assertEquals(java.util.logging.Level.SEVERE, Verbosity.level(0));
        assertEquals(java.util.logging.Level.WARNING, Verbosity.level(1));
        assertEquals(java.util.logging.Level.INFO, Verbosity.level(2));
        assertEquals(java.util.logging.Level.FINE, Verbosity.level(3));
    }

    @Test
    void turningOffEveryProfileTypeIsAnError() {
        assertEquals("reqprof.profile-cpu, reqprof.profile-wall, reqprof.profile-alloc, reqprof.profile-contention: "
                + "at least one profile type must be enabled, all were off",
                iae(builder().service("s").cpuProfiling(false).wallProfiling(false)));
    }

    @Test
    void liveHeapIsUnsupportedAndAllocAndContentionTurnTheirSamplingOn() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> builder().service("s").heapProfiling(true).build());
        assertTrue(e.getMessage().startsWith("reqprof.profile-heap: live-heap (HEAP) profiles cannot be taken"), e.getMessage());
        ProfilerConfig c = builder().service("s").allocProfiling(true).contentionProfiling(true).wallProfiling(false).build();
        assertEquals(Set.of(ProfileType.CPU, ProfileType.HEAP_ALLOC, ProfileType.CONTENTION), c.profileTypes());
        assertEquals(ProfilerConfig.DEFAULT_ALLOC_INTERVAL, c.engine().allocInterval());
        assertEquals(ProfilerConfig.DEFAULT_LOCK_THRESHOLD, c.engine().lockThreshold());
        assertTrue(!c.engine().wallEnabled(), "no wall profiles: no wall sampling");
    }

    @Test
    void labelsFollowTheDeploymentLabelRules() {
        assertEquals("reqprof.labels: keys must match ^[a-z]([-a-z0-9_.]{0,61}[a-z0-9])?$, was 'Team'",
                iae(builder().service("s").label("Team", "x")));
        assertEquals("reqprof.labels: keys must not be language, version, zone or instance (the agent sets those), was 'zone'",
                iae(builder().service("s").label("zone", "x")));
        assertEquals("reqprof.labels: values must be 1 to 63 characters, was '" + "v".repeat(64) + "' for 'team'",
                iae(builder().service("s").label("team", "v".repeat(64))));
        assertEquals("reqprof.labels: must be key=value pairs separated by commas, was 'team' (from test reqprof.labels)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.labels", "team"))).getMessage());
    }

    @Test
    void targetsParseAndOfflineNeedsACloudProfilerTarget() {
        assertEquals("reqprof.target: must be cloud, grpc://host:port, grpcs://host:port, pyroscope+http(s)://host:port, "
                + "otlp+http(s)://host:port or file:/directory, was 'ftp://x'",
                assertThrows(IllegalArgumentException.class, () -> UploadTarget.parse("ftp://x")).getMessage());
        assertEquals("reqprof.target: must be cloud, grpc://host:port, grpcs://host:port, pyroscope+http(s)://host:port, "
                + "otlp+http(s)://host:port or file:/directory, was 'grpc://nohost' (from test reqprof.target)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.target", "grpc://nohost"))).getMessage());
        assertEquals(UploadTarget.Kind.GRPC_PLAINTEXT, UploadTarget.parse("grpc://127.0.0.1:8081").kind());
        assertEquals("127.0.0.1:8081", UploadTarget.parse("grpc://127.0.0.1:8081").authority());
        assertEquals(UploadTarget.Kind.GRPC_TLS, UploadTarget.parse("grpcs://c.example:443").kind());
        assertEquals(UploadTarget.Kind.PYROSCOPE, UploadTarget.parse("pyroscope+http://127.0.0.1:4040").kind());
        assertEquals("http://127.0.0.1:4318", UploadTarget.parse("otlp+http://127.0.0.1:4318").url().toString());
        assertEquals(java.nio.file.Path.of("/tmp/p"), UploadTarget.parse("file:/tmp/p").directory());
        assertEquals("reqprof.offline: needs a Cloud Profiler API target (cloud, grpc://, grpcs://), was target file:/tmp/p",
                iae(builder().service("s").target("file:/tmp/p").offline(true)));
    }

    @Test
    void periodAndDurationRules() {
        assertEquals("reqprof.profile-duration: must be greater than 0, was PT0S",
                iae(builder().service("s").target("file:/tmp/p").profileDuration(Duration.ZERO)));
        assertEquals("reqprof.upload-period: must be at least reqprof.profile-duration (PT10S), was PT5S",
                iae(builder().service("s").target("file:/tmp/p").uploadPeriod(Duration.ofSeconds(5))));
        assertEquals(Duration.ofSeconds(10), builder().service("s").target("pyroscope+http://h:1").build().uploadPeriod());
        assertEquals(Duration.ofSeconds(60), builder().service("s").target("file:/tmp/p").build().uploadPeriod());
        assertEquals("reqprof.backoff-initial: must be greater than 0, was PT0S",
                iae(builder().service("s").retryBackoff(Duration.ZERO, Duration.ofSeconds(1))));
        assertEquals("reqprof.backoff-max: must be at least the initial backoff (PT2S), was PT1S",
                iae(builder().service("s").retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))));
    }

    @Test
    void alwaysOnSamplingDefaultsToLighterRatesUnlessRatesWereChosen() {
        // Pyroscope's default period equals the default duration (10 s): profiles back to back
        EngineConfig alwaysOn = builder().service("s").target("pyroscope+http://h:1").build().engine();
        assertEquals(ProfilerConfig.ALWAYS_ON_CPU_INTERVAL, alwaysOn.cpuInterval());
        assertEquals(ProfilerConfig.ALWAYS_ON_WALL_INTERVAL, alwaysOn.wallInterval());
        EngineConfig fromKeys = fromSettings(Map.of("reqprof.service", "s", "reqprof.target", "file:/tmp/p",
                "reqprof.upload-period", "10s", "reqprof.profile-duration", "10s")).engine();
        assertEquals(ProfilerConfig.ALWAYS_ON_CPU_INTERVAL, fromKeys.cpuInterval());
        // windows shorter than the period, and Cloud Profiler's server-driven windows, keep the engine's defaults
        EngineConfig windowed = builder().service("s").target("file:/tmp/p").build().engine();
        assertEquals(EngineConfig.DEFAULT_CPU_INTERVAL, windowed.cpuInterval());
        assertEquals(EngineConfig.DEFAULT_WALL_INTERVAL, windowed.wallInterval());
        assertEquals(EngineConfig.DEFAULT_CPU_INTERVAL, builder().service("s").build().engine().cpuInterval());
        // one chosen interval (setting or builder) means the caller picks the rates: both are kept
        EngineConfig chosen = fromSettings(Map.of("reqprof.service", "s", "reqprof.target", "pyroscope+http://h:1",
                "reqprof.cpu-interval", "10ms")).engine();
        assertEquals(EngineConfig.DEFAULT_CPU_INTERVAL, chosen.cpuInterval());
        assertEquals(EngineConfig.DEFAULT_WALL_INTERVAL, chosen.wallInterval());
        EngineConfig built = builder().service("s").target("pyroscope+http://h:1")
                .engine(EngineConfig.builder().wallInterval(Duration.ofMillis(50)).build()).build().engine();
        assertEquals(EngineConfig.DEFAULT_CPU_INTERVAL, built.cpuInterval());
    }

    @Test
    void engineSettingsAreValidatedByTheEngineConfig() {
        assertEquals("reqprof.cpu-interval: must be a duration such as 250ms, 2s, 5m or PT1S, was 'often' (from test reqprof.cpu-interval)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.cpu-interval", "often"))).getMessage());
        assertEquals("reqprof.profile-cpu: must be true or false, was 'yes' (from test reqprof.profile-cpu)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.profile-cpu", "yes"))).getMessage());
        assertEquals("reqprof.metadata-url: must be an http URL, was 'ftp://x' (from test reqprof.metadata-url)",
                assertThrows(IllegalArgumentException.class,
                        () -> fromSettings(Map.of("reqprof.service", "s", "reqprof.metadata-url", "ftp://x"))).getMessage());
    }

    @Test
    void valuesAreInferredFromTheEnvironmentLikeGooglesAgents() {
        Map<String, String> env = new HashMap<>(Map.of("K_SERVICE", "run-svc", "K_REVISION", "run-svc-00042",
                "GOOGLE_CLOUD_PROJECT", "proj-9", "HOSTNAME", "pod-7"));
        ProfilerConfig c = new ProfilerConfig.Builder(env::get).build();
        assertEquals("run-svc", c.service());
        assertEquals("run-svc-00042", c.serviceVersion());
        assertEquals("proj-9", c.projectId());
        assertEquals("pod-7", c.instance());
        assertNull(c.zone());
        ProfilerConfig gae = new ProfilerConfig.Builder(Map.of("GAE_SERVICE", "default", "GAE_VERSION", "v3")::get).build();
        assertEquals("default", gae.service());
        assertEquals("v3", gae.serviceVersion());
        // an explicit value wins over the environment
        assertEquals("mine", new ProfilerConfig.Builder(env::get).service("mine").build().service());
    }

    @Test
    void settingsKeysReachEveryField() {
        Map<String, String> m = new HashMap<>();
        m.put("reqprof.service", "s");
        m.put("reqprof.service-version", "1");
        m.put("reqprof.project-id", "p");
        m.put("reqprof.zone", "z");
        m.put("reqprof.instance", "i");
        m.put("reqprof.verbose", "2");
        m.put("reqprof.profile-wall", "false");
        m.put("reqprof.profile-alloc", "true");
        m.put("reqprof.labels", "team=pay, tier=web");
        m.put("reqprof.target", "otlp+http://127.0.0.1:4318");
        m.put("reqprof.bearer-token", "tok");
        m.put("reqprof.upload-period", "30s");
        m.put("reqprof.profile-duration", "5s");
        m.put("reqprof.alloc-interval", "1m");
        ProfilerConfig c = fromSettings(m);
        assertEquals("1", c.serviceVersion());
        assertEquals("p", c.projectId());
        assertEquals("z", c.zone());
        assertEquals(2, c.verbose());
        assertEquals(Set.of(ProfileType.CPU, ProfileType.HEAP_ALLOC), c.profileTypes());
        assertEquals(Map.of("team", "pay", "tier", "web"), c.labels());
        assertEquals(UploadTarget.Kind.OTLP, c.target().kind());
        assertEquals("tok", c.bearerToken());
        assertEquals(Duration.ofSeconds(30), c.uploadPeriod());
        assertEquals(Duration.ofSeconds(5), c.profileDuration());
        assertEquals(1 << 20, c.engine().allocInterval());
        assertEquals(c, fromSettings(m), "equal settings make equal configs (start-once compares them)");
        assertTrue(!c.toString().contains("tok"), "the token is not logged");
    }

    @Test
    void anExplicitEngineThatCannotRunIsUnsupported() {
        // async-profiler asked for explicitly, with a library that does not exist: it cannot run here
        ProfilerConfig c = builder().service("s").target("file:" + System.getProperty("java.io.tmpdir") + "/reqprof-unused")
                .engine(EngineConfig.builder().engine("async").asyncProfilerLibrary(java.nio.file.Path.of("/nonexistent/libasyncProfiler.so")).build())
                .build();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Profiler.start(c));
        assertTrue(e.getMessage().startsWith("reqprof.engine:"), e.getMessage());
        assertNull(Profiler.current());
    }
}
