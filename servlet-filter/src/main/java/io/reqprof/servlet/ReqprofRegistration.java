package io.reqprof.servlet;

import io.reqprof.core.config.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;

/**
 * Registers {@link ReqprofFilter} through the portable {@link ServletContext} API, the way reqprof's
 * own {@link ReqprofInitializer} does; for embedded servers, call it from a
 * {@code ServletContainerInitializer} or {@code ServletContextListener} (or hand the server a
 * {@link ReqprofInitializer}). The filter is mapped to {@code /*} for {@code REQUEST} and
 * {@code ASYNC} dispatches, before filters declared in {@code web.xml}, with async support.
 */
public final class ReqprofRegistration {
    /** The filter name used by every reqprof registration path, so two of them cannot both succeed. */
    public static final String FILTER_NAME = "reqprof";
    /** Context parameter (also a system property or {@code REQPROF_AUTO_REGISTER}) that turns automatic registration off. */
    public static final String AUTO_REGISTER = "reqprof.auto-register";

    private ReqprofRegistration() {
    }

    /**
     * Adds a {@link ReqprofFilter} configured by init/context parameters, system properties and environment.
     *
     * @return the registration, to add init parameters to; null when the context already has a filter named {@value #FILTER_NAME}
     */
    public static FilterRegistration.Dynamic addTo(ServletContext context) {
        return addTo(context, new ReqprofFilter());
    }

    /**
     * Adds {@code filter}, e.g. {@code new ReqprofFilter(defaults)}.
     *
     * @return the registration; null when the context already has a filter named {@value #FILTER_NAME}
     */
    public static FilterRegistration.Dynamic addTo(ServletContext context, ReqprofFilter filter) {
        FilterRegistration.Dynamic r = context.addFilter(FILTER_NAME, filter);
        if (r == null) return null;
        r.setAsyncSupported(true);
        // isMatchAfter=false: ahead of descriptor-declared filters, so their time is in the profile
        r.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
        return r;
    }

    /** Whether any filter of class {@link ReqprofFilter} (or named {@value #FILTER_NAME}) is registered in {@code context}. */
    public static boolean isRegistered(ServletContext context) {
        if (context.getFilterRegistration(FILTER_NAME) != null) return true;
        String name = ReqprofFilter.class.getName();
        return context.getFilterRegistrations().values().stream().anyMatch(r -> name.equals(r.getClassName()));
    }

    /**
     * {@value #AUTO_REGISTER} from the context parameter, else the system property, else the
     * environment; true when unset.
     *
     * @throws IllegalArgumentException when it is neither true nor false
     */
    static boolean autoRegister(ServletContext context) {
        return Settings.from("context init parameter", context::getInitParameter)
                .orElse(Settings.fromSystem())
                .bool(AUTO_REGISTER, true);
    }
}
