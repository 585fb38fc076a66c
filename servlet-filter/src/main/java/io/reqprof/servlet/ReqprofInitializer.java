package io.reqprof.servlet;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Adds {@link ReqprofFilter} to every web application that has reqprof's jar, found by the container
 * through {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}.
 *
 * <p>It does nothing when the context parameter (or system property, or environment variable
 * {@code REQPROF_AUTO_REGISTER}) {@code reqprof.auto-register} is {@code false}, or when a
 * ReqprofFilter is already registered — by {@code web.xml}, by reqprof's {@code web-fragment.xml}
 * (containers process descriptors before they run initializers), or by the application.
 * Embedded servers that do not discover initializers can be handed one directly.
 */
public final class ReqprofInitializer implements ServletContainerInitializer {
    private static final System.Logger LOG = System.getLogger("io.reqprof.servlet");

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        try {
            if (!ReqprofRegistration.autoRegister(context)) {
                LOG.log(Level.INFO, "reqprof: " + ReqprofRegistration.AUTO_REGISTER + "=false, not adding the filter to '"
                        + context.getContextPath() + "'");
                return;
            }
        } catch (IllegalArgumentException e) {
            throw new ServletException("reqprof: " + e.getMessage(), e);
        }
        if (ReqprofRegistration.isRegistered(context)) return;
        FilterRegistration.Dynamic r = ReqprofRegistration.addTo(context);
        if (r != null) LOG.log(Level.DEBUG, "reqprof: filter added to '" + context.getContextPath() + "' for /*");
    }
}
