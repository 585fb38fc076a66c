package io.reqprof.spring;

import io.reqprof.core.config.Settings;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.util.ClassUtils;

import java.util.Map;

/**
 * reqprof's settings as a Spring Boot application has them: every {@code reqprof.*} key from the
 * {@link Environment} (application.properties or YAML, profile-specific files, command-line
 * arguments, system properties, {@code REQPROF_*} environment variables), with Spring's relaxed
 * names ({@code reqprof.profileDir}, {@code REQPROF_PROFILEDIR}); the values go through core's
 * parsing, so rules and messages are those of every other adapter. Spring-only fallbacks sit
 * below them: {@code spring.application.name} as {@code reqprof.service}; in development (the
 * {@code dev} profile active or Spring Boot DevTools on the class path) {@value #DEV_PROFILE_DIR}
 * as {@code reqprof.profile-dir}; with {@code spring.threads.virtual.enabled=true} on JDK 21 or
 * later, {@code reqprof.engine=jfr}, because async-profiler samples the carrier threads and would
 * leave every request on a virtual thread with an empty profile. Nothing else differs from the other adapters: without a profile
 * directory each request's summary goes to the logger {@code io.reqprof.dump} at INFO (Spring's
 * {@code logging.level.io.reqprof.dump=warn} silences it and keeps the requests' route labels in
 * continuous profiles, which {@code reqprof.stream=none} would turn off with request profiling).
 */
final class SpringSettings {
    /** Where dumps go in development when no {@code reqprof.profile-dir} is set. */
    static final String DEV_PROFILE_DIR = "target/reqprof";
    private static final String DEVTOOLS = "org.springframework.boot.devtools.RemoteSpringApplication";
    private static final String AGENT = "io.reqprof.agent.Profiler";
    /** What the agent takes as its service name, in the order it does. */
    private static final String[] SERVICE_NAMES = {"reqprof.service", "spring.application.name", "K_SERVICE", "GAE_SERVICE"};

    private SpringSettings() {
    }

    /** The settings of {@code env}, with the fallbacks described on the class. */
    static Settings of(Environment env) {
        Settings settings = Settings.from("Spring Environment", key -> key.startsWith("reqprof.") ? env.getProperty(key) : null);
        String appName = env.getProperty("spring.application.name");
        if (appName != null && !appName.isBlank()) {
            settings = settings.orElse(Settings.of("spring.application.name", Map.of("reqprof.service", appName)));
        }
        if (virtualThreads(env)) {
            settings = settings.orElse(Settings.of("spring.threads.virtual.enabled", Map.of("reqprof.engine", "jfr")));
        }
        if (inDevelopment(env)) {
            settings = settings.orElse(Settings.of("Spring Boot development default", Map.of("reqprof.profile-dir", DEV_PROFILE_DIR)));
        }
        return settings;
    }

    /** Requests run on virtual threads: Spring Boot's switch is on, on a JDK that has them. */
    static boolean virtualThreads(Environment env) {
        return "true".equalsIgnoreCase(env.getProperty("spring.threads.virtual.enabled")) && Runtime.version().feature() >= 21;
    }

    /** The continuous agent starts: reqprof-agent is on the class path and a service name is set. */
    static boolean continuous(Environment env) {
        if (!ClassUtils.isPresent(AGENT, SpringSettings.class.getClassLoader())) return false;
        for (String key : SERVICE_NAMES) {
            String v = env.getProperty(key);
            if (v != null && !v.isBlank()) return true;
        }
        return false;
    }

    /** The {@code dev} profile is active, or DevTools (which Spring Boot leaves out of packaged jars) is present. */
    static boolean inDevelopment(Environment env) {
        return env.acceptsProfiles(Profiles.of("dev")) || ClassUtils.isPresent(DEVTOOLS, SpringSettings.class.getClassLoader());
    }
}
