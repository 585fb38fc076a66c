package io.reqprof.spring;

import io.reqprof.servlet.ReqprofFilter;
import io.reqprof.servlet.ReqprofRegistration;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The servlet filter's README registration (no starter), active with the {@code by-hand} profile
 * while the starter's auto-configuration is excluded: the filter alone must find Spring MVC's route.
 */
@Configuration(proxyBeanMethods = false)
@Profile("by-hand")
class HandRegisteredFilter {
    @Bean
    FilterRegistrationBean<ReqprofFilter> handRegisteredReqprofFilter(Environment env) {
        FilterRegistrationBean<ReqprofFilter> r = new FilterRegistrationBean<>(new ReqprofFilter());
        r.setName(ReqprofRegistration.FILTER_NAME);
        r.addUrlPatterns("/*");
        r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        r.setAsyncSupported(true);
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.addInitParameter("reqprof.profile-dir", env.getRequiredProperty("test.dumps"));
        return r;
    }
}
