package io.reqprof.spring;

import io.reqprof.agent.Profiler;
import io.reqprof.agent.ProfilerConfig;
import io.reqprof.agent.upload.UploadStats;
import io.reqprof.core.config.Settings;
import io.reqprof.core.web.WebProfiler;
import io.reqprof.core.web.WebProfilerConfig;
import io.reqprof.servlet.ReqprofFilter;
import io.reqprof.servlet.ReqprofRegistration;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * reqprof in a Spring Boot application, from the starter's jar alone:
 * <ul>
 *   <li>the {@link ReqprofFilter}, first in the chain, for {@code REQUEST} and {@code ASYNC}
 *       dispatches with async support, configured by every {@code reqprof.*} key in the Spring
 *       Environment ({@link SpringSettings}); an invalid one fails the application's start with the
 *       setting's name and rule;</li>
 *   <li>with Spring MVC, each request's route set to the handler's pattern ({@code /users/{id}}) as
 *       soon as the handler is chosen, for dumps and the continuous profiles' {@code route} label;</li>
 *   <li>with reqprof-agent on the class path and a service name ({@code reqprof.service},
 *       {@code spring.application.name}, {@code K_SERVICE} or {@code GAE_SERVICE}), the continuous
 *       agent, started with the context and closed with it (one already running, say from
 *       {@code -javaagent:reqprof-agent.jar}, is used as it is and left open), sharing the filter's sampling session.</li>
 * </ul>
 * With Actuator, the endpoint {@code reqprof} ({@link ReqprofEndpoint}), exposed only as the
 * application exposes endpoints. {@code reqprof.enabled=false} leaves the filter a pass-through; an application bean named
 * {@code reqprofFilter} replaces the registration.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ReqprofFilter.class)
public class ReqprofAutoConfiguration {
    private static final System.Logger LOG = System.getLogger("io.reqprof.spring");

    /** The filter, registered ahead of every other filter so that their time is in the profile. */
    @Bean
    @ConditionalOnMissingBean(name = "reqprofFilter")
    public FilterRegistrationBean<ReqprofFilter> reqprofFilter(Environment env) {
        Settings settings = SpringSettings.of(env);
        // the filter reads its settings in init(), inside the server's start; reading them now fails
        // the application's start at once, with the setting's name, before a port is opened
        WebProfilerConfig.from(Settings.fromSystem().orElse(settings));
        // the Environment holds -D and REQPROF_* too: null means the starter chose the engine
        if (SpringSettings.virtualThreads(env) && env.getProperty("reqprof.engine") == null) {
            LOG.log(System.Logger.Level.INFO, "reqprof: spring.threads.virtual.enabled=true, so requests are sampled with JDK"
                    + " Flight Recorder (async-profiler sees only the carrier threads); set reqprof.engine to choose another");
        }
        FilterRegistrationBean<ReqprofFilter> registration = new FilterRegistrationBean<>(new ReqprofFilter(settings));
        registration.setName(ReqprofRegistration.FILTER_NAME);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** Spring MVC's matched pattern as the request's route, from the moment the handler is chosen. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class SpringMvcRoutes implements WebMvcConfigurer {
        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                    if (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern
                            && !pattern.isEmpty()) {
                        ReqprofFilter.profiledRequest(request).route(pattern);
                    }
                    return true;
                }
            }).order(Ordered.HIGHEST_PRECEDENCE);
        }
    }

    /** The continuous agent, when the application added reqprof-agent and names its service. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.reqprof.agent.Profiler")
    @Conditional(ServiceNamed.class)
    static class ContinuousProfiling {
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

    /** The Actuator endpoint {@code reqprof}, when Actuator is present; exposed as the application's rules say. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Actuator {
        // no @ConditionalOnBean for the filter: nested configurations are read before the outer
        // class's beans, so it would never match; the filter's bean is looked up when needed
        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = ReqprofEndpoint.class)
        ReqprofEndpoint reqprofEndpoint(@Qualifier("reqprofFilter") ObjectProvider<FilterRegistrationBean<?>> filter,
                                        ObjectProvider<ContinuousStatus> continuous) {
            ContinuousStatus status = continuous.getIfAvailable(() -> () -> Map.of("running", false));
            return new ReqprofEndpoint(() -> filter.getObject().getFilter() instanceof ReqprofFilter f ? f.profiler()
                    : WebProfiler.disabled(), status);
        }
    }

    /** The starter's rule for starting the agent ({@link SpringSettings#continuous}). */
    static final class ServiceNamed implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return SpringSettings.continuous(context.getEnvironment());
        }
    }
}
