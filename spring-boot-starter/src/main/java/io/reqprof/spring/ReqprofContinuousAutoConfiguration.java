package io.reqprof.spring;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.agent.upload.UploadStats;
import io.reqprof.core.config.Settings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The continuous agent in any Spring Boot application (servlet, reactive or none): with
 * reqprof-agent on the class path and a service name ({@code reqprof.service},
 * {@code spring.application.name}, {@code K_SERVICE} or {@code GAE_SERVICE}), it starts with the
 * context and closes with it, settings from the Spring Environment ({@link SpringSettings}). One
 * already running, say from {@code -javaagent:reqprof-agent.jar}, is used as it is and left open.
 * In a servlet application it shares the request filter's sampling session
 * ({@link ReqprofAutoConfiguration}), whose route labels its profiles then carry.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.reqprof.agent.Profiler")
@Conditional(ReqprofContinuousAutoConfiguration.ServiceNamed.class)
public class ReqprofContinuousAutoConfiguration {
    private static final System.Logger LOG = System.getLogger("io.reqprof.spring");

    @Bean
    @ConditionalOnMissingBean
    ContinuousAgent reqprofContinuousAgent(Environment env) {
        Profiler running = Profiler.current();
        if (running != null) {
            LOG.log(System.Logger.Level.INFO, "reqprof: continuous profiling was already running (service '"
                    + running.config().service() + "', e.g. started by -javaagent:reqprof-agent.jar); the starter uses it"
                    + " and leaves its settings as they are");
            return new ContinuousAgent(running, false);
        }
        return new ContinuousAgent(Profiler.start(ProfilerConfig.from(Settings.fromSystem().orElse(SpringSettings.of(env)))), true);
    }

    /** The running agent, for the application's own beans; closed by {@link ContinuousAgent}, not here. */
    @Bean(destroyMethod = "")
    Profiler reqprofContinuousProfiler(ContinuousAgent agent) {
        return agent.profiler;
    }

    @Bean
    ContinuousStatus reqprofContinuousStatus(ContinuousAgent agent) {
        Profiler profiler = agent.profiler;
        return () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("running", true);
            m.put("service", profiler.config().service());
            m.put("target", profiler.config().target().toString());
            m.put("profileTypes", profiler.profileTypes().stream().map(Enum::name).toList());
            UploadStats.Snapshot u = profiler.uploads();
            m.put("uploaded", u.uploaded());
            m.put("uploadsFailed", u.failed());
            m.put("lastUpload", u.lastUpload() == null ? null : u.lastUpload().toString());
            m.put("lastUploadError", u.lastError());
            m.put("lastUploadErrorAt", u.lastErrorAt() == null ? null : u.lastErrorAt().toString());
            return m;
        };
    }

    /**
     * The agent and whether this context started it: one started before the context (by
     * {@code -javaagent:reqprof-agent.jar}) outlives it, so it is not closed with the context.
     */
    static final class ContinuousAgent implements org.springframework.beans.factory.DisposableBean {
        final Profiler profiler;
        private final boolean owned;

        ContinuousAgent(Profiler profiler, boolean owned) {
            this.profiler = profiler;
            this.owned = owned;
        }

        @Override
        public void destroy() {
            if (owned) profiler.close();
        }
    }

    /** The continuous agent's part of the endpoint; a type of the starter's, so the endpoint needs no agent class. */
    interface ContinuousStatus extends Supplier<Map<String, Object>> {
    }

    /** The starter's rule for starting the agent ({@link SpringSettings#continuous}). */
    static final class ServiceNamed implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SpringSettings.continuous(context.getEnvironment());
        }
    }
}
