package io.reqprof.spring;

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
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Map;

/**
 * reqprof in a Spring Boot application, from the starter's jar alone:
 * <ul>
 *   <li>the {@link ReqprofFilter}, first in the chain, for {@code REQUEST} and {@code ASYNC}
 *       dispatches with async support, configured by every {@code reqprof.*} key in the Spring
 *       Environment ({@link SpringSettings}); an invalid one fails the application's start with the
 *       setting's name and rule;</li>
 *   <li>with Spring MVC, each request's route set to the handler's pattern ({@code /users/{id}}) as
 *       soon as the handler is chosen, for dumps and the continuous profiles' {@code route} label;</li>
 * </ul>
 * The continuous agent is {@link ReqprofContinuousAutoConfiguration}'s, in any kind of application.
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

    /** The Actuator endpoint {@code reqprof}, when Actuator is present; exposed as the application's rules say. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class Actuator {
        // no @ConditionalOnBean for the filter: nested configurations are read before the outer
        // class's beans, so it would never match; the filter's bean is looked up when needed
        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = ReqprofEndpoint.class)
        ReqprofEndpoint reqprofEndpoint(@Qualifier("reqprofFilter") ObjectProvider<FilterRegistrationBean<?>> filter,
                                        ObjectProvider<ReqprofContinuousAutoConfiguration.ContinuousStatus> continuous) {
            ReqprofContinuousAutoConfiguration.ContinuousStatus status = continuous.getIfAvailable(() -> () -> Map.of("running", false));
            return new ReqprofEndpoint(() -> filter.getObject().getFilter() instanceof ReqprofFilter f ? f.profiler()
                    : WebProfiler.disabled(), status);
        }
    }
}
