package io.reqprof.javaagent;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.core.config.Settings;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code java -javaagent:reqprof-agent.jar[=key=value,...] -jar app.jar}: continuous profiling of an
 * application with no reqprof code, started before its {@code main}. Settings, first found wins:
 * the agent's arguments ({@code service=checkout,target=grpc://127.0.0.1:4041}, keys with or without
 * {@code reqprof.}; several labels as {@code labels=a=1;b=2}), {@code -Dreqprof.*} system properties,
 * {@code REQPROF_*} environment variables. An invalid setting stops the JVM's start with the
 * setting's name and rule, as {@code Profiler.start} does everywhere. The jar carries its own grpc,
 * protobuf, Guava and Google auth under {@code io.reqprof.shaded}, so the application's versions of
 * those are never touched; reqprof's own classes keep their names, so an adapter in the
 * application (the servlet filter, the Spring Boot starter) shares the agent's sampling session.
 */
public final class ReqprofAgent {
    private ReqprofAgent() {
    }

    /** The {@code -javaagent} entry point. */
    public static void premain(String args, Instrumentation instrumentation) {
        start(args);
    }

    /** The entry point when attached to a running JVM. */
    public static void agentmain(String args, Instrumentation instrumentation) {
        start(args);
    }

    static Profiler start(String args) {
        return Profiler.start(ProfilerConfig.from(settings(args)));
    }

    /** The agent's arguments over system properties over the environment. */
    static Settings settings(String args) {
        return Settings.of("-javaagent argument", arguments(args)).orElse(Settings.fromSystem());
    }

    /**
     * {@code key=value} pairs separated by commas, keys given with or without {@code reqprof.};
     * in a value, {@code ;} stands for the comma a list setting such as {@code labels} needs.
     *
     * @throws IllegalArgumentException for a pair without {@code =} or with an empty key
     */
    static Map<String, String> arguments(String args) {
        Map<String, String> out = new HashMap<>();
        if (args == null || args.isBlank()) return out;
        for (String pair : args.split(",")) {
            if (pair.isBlank()) continue;
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-javaagent:reqprof-agent.jar=" + args + ": '" + pair
                        + "' is not key=value (settings are separated by commas, e.g. service=checkout,target=grpc://127.0.0.1:4041)");
            }
            String key = pair.substring(0, eq).trim();
            out.put(key.startsWith("reqprof.") ? key : "reqprof." + key, pair.substring(eq + 1).trim().replace(';', ','));
        }
        return out;
    }
}
