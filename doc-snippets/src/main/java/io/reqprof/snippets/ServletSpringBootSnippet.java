package io.reqprof.snippets;

import io.reqprof.servlet.ReqprofFilter;
import io.reqprof.servlet.ReqprofRegistration;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

// snippet:begin servlet-spring-boot
@Configuration
class ReqprofConfiguration {
    @Bean
    FilterRegistrationBean<ReqprofFilter> reqprofFilter() {
        FilterRegistrationBean<ReqprofFilter> r = new FilterRegistrationBean<>(new ReqprofFilter());
        r.setName(ReqprofRegistration.FILTER_NAME);
        r.addUrlPatterns("/*");
        r.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC);
        r.setAsyncSupported(true);
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);       // first, so the whole chain is profiled
        r.addInitParameter("reqprof.profile-dir", "/tmp/profiles");
        return r;
    }
}
// snippet:end
