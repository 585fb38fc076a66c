package io.reqprof.servlet;

import io.reqprof.core.config.Settings;
import io.reqprof.core.web.ProfiledRequest;
import io.reqprof.core.web.WebProfiler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Profiles each HTTP request it sees, the servlet counterpart of werkzeug's
 * {@code ProfilerMiddleware}: it begins a request, brackets the rest of the filter chain on the
 * serving thread, and ends the request with the status sent. Dumps, selection and formats are the
 * core's job ({@link WebProfiler}); this filter only tells it what happens.
 *
 * <p><b>Settings</b> ({@code reqprof.*}, see docs/CONFIGURATION.md), first found wins: filter init
 * parameter (with or without the {@code reqprof.} prefix) &gt; context init parameter (full name only)
 * &gt; system property &gt; environment variable ({@code REQPROF_PROFILE_DIR}) &gt; the defaults given to
 * {@link #ReqprofFilter(Settings)}. The profiler starts in {@link #init} and stops in {@link #destroy};
 * an invalid setting fails {@code init} with a {@link ServletException} naming it, so the web
 * application does not start without the profiling it was configured for.
 *
 * <p><b>Async</b>: a request that called {@code startAsync} ends when an {@link AsyncListener} sees
 * complete, timeout or error. An {@code ASYNC} re-dispatch is bracketed as part of the same request.
 * Work the application runs on its own threads is attributed only when it brackets it itself with
 * {@link #profiledRequest(ServletRequest)}. A second ReqprofFilter on the same request (registered
 * twice) passes it through, so it is counted once.
 */
public class ReqprofFilter implements Filter {
    /** Request attribute holding this request's state; read it through {@link #profiledRequest}. */
    public static final String REQUEST_ATTRIBUTE = "io.reqprof.servlet.request";
    /**
     * Filter init parameter set by reqprof's {@code web-fragment.xml}: such a filter honours the
     * opt-out {@code reqprof.auto-register=false} by staying a pass-through.
     */
    static final String REGISTERED_BY = "io.reqprof.servlet.registered-by";
    /** Set while a ReqprofFilter brackets the current dispatch, so a nested one passes through. */
    private static final String INSIDE = "io.reqprof.servlet.inside";
    /**
     * Where Spring MVC leaves the pattern of the handler it chose ({@code /users/{id}}), the value of
     * {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}; named here so that no Spring class is needed.
     */
    static final String SPRING_MVC_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";
    private static final System.Logger LOG = System.getLogger("io.reqprof.servlet");
    private static final ProfiledRequest NOT_PROFILED = ProfiledRequest.notProfiled();

    private final Settings defaults;
    private volatile WebProfiler profiler = WebProfiler.disabled();

    /** A filter configured only by init parameters, context parameters, system properties and environment. */
    public ReqprofFilter() {
        this(Settings.empty());
    }

    /**
     * A filter whose settings fall back to {@code defaults} (the lowest layer): an embedded
     * application can set its own dump directory and still let operators override it with
     * {@code -Dreqprof.profile-dir=...}.
     */
    public ReqprofFilter(Settings defaults) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        try {
            if (config.getInitParameter(REGISTERED_BY) != null && !ReqprofRegistration.autoRegister(context)) {
                LOG.log(Level.INFO, "reqprof: reqprof.auto-register=false, the filter '" + config.getFilterName()
                        + "' declared by reqprof's web-fragment.xml passes requests through unprofiled");
                return;
            }
            profiler = WebProfiler.start(settings(config));
        } catch (RuntimeException e) {
            // IllegalArgumentException names the setting; the container reports this and does not start the app
            throw new ServletException("reqprof filter '" + config.getFilterName() + "' in '" + context.getContextPath()
                    + "' not started: " + e.getMessage(), e);
        }
    }

    /** The settings stack documented on the class. */
    Settings settings(FilterConfig config) {
        return Settings.of("filter init parameter", initParameters(config))
                .orElse(Settings.of("context init parameter", contextParameters(config.getServletContext())))
                .orElse(Settings.fromSystem())
                .orElse(defaults);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        Object state = req.getAttribute(REQUEST_ATTRIBUTE);
        WebProfiler p = profiler;
        if ((state == null && !p.enabled()) || req.getAttribute(INSIDE) != null
                || !(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        Exchange exchange;
        if (state instanceof Exchange e) {
            exchange = e; // an ASYNC re-dispatch: more work of a request begun earlier
        } else if (state == null && req.getDispatcherType() == DispatcherType.REQUEST) {
            exchange = begin(p, http, response);
        } else {
            chain.doFilter(req, res); // e.g. an unprofiled request's later dispatch
            return;
        }
        ProfiledRequest pr = exchange.request;
        long token = pr.enter();
        req.setAttribute(INSIDE, Boolean.TRUE);
        boolean failed = true;
        try {
            chain.doFilter(req, res);
            failed = false;
        } finally {
            req.removeAttribute(INSIDE);
            pr.exit(token);
            exchange.dispatchReturned(http, failed);
        }
    }

    private static Exchange begin(WebProfiler p, HttpServletRequest http, HttpServletResponse response) {
        String path = path(http);
        ProfiledRequest pr = p.begin(http.getMethod(), path, http::getHeader);
        Exchange exchange = new Exchange(pr, response);
        http.setAttribute(REQUEST_ATTRIBUTE, exchange);
        if (pr.profiled()) {
            pr.route(route(http, path));
            String timing = pr.serverTimingValue();
            if (timing != null) response.addHeader("Server-Timing", timing);
        }
        return exchange;
    }

    /**
     * The request's own profiled request, for bracketing work handed to another thread:
     * {@code long t = pr.enter(); try { work(); } finally { pr.exit(t); }}. Never null: a request the
     * filter did not profile gets a no-op.
     */
    public static ProfiledRequest profiledRequest(ServletRequest request) {
        return request.getAttribute(REQUEST_ATTRIBUTE) instanceof Exchange e ? e.request : NOT_PROFILED;
    }

    /** The running profiler (a disabled one before {@link #init} and after {@link #destroy}). */
    public WebProfiler profiler() {
        return profiler;
    }

    @Override
    public void destroy() {
        WebProfiler p = profiler;
        profiler = WebProfiler.disabled();
        p.close();
    }

    /**
     * The path within the web application, decoded and normalized by the container: werkzeug's
     * {@code PATH_INFO}. The core makes it safe for file names.
     */
    static String path(HttpServletRequest http) {
        try {
            String servletPath = http.getServletPath();
            String info = http.getPathInfo();
            String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
            return path.isEmpty() ? "/" : path;
        } catch (RuntimeException e) {
            // a container may refuse to decode an ambiguous path here; the raw one still names the request
            return String.valueOf(http.getRequestURI());
        }
    }

    /**
     * The servlet mapping that selected the servlet ({@code /api/users/*}, {@code *.jsp},
     * {@code /}) — a bounded set, unlike paths — or the path when the container reports none. When
     * a dispatch returns, the pattern Spring MVC matched ({@value #SPRING_MVC_PATTERN}) replaces it.
     */
    static String route(HttpServletRequest http, String path) {
        try {
            HttpServletMapping m = http.getHttpServletMapping();
            if (m == null || m.getMappingMatch() == null || m.getPattern() == null) return path;
            return switch (m.getMappingMatch()) {
                case CONTEXT_ROOT -> "/";
                default -> m.getPattern().isEmpty() ? path : m.getPattern();
            };
        } catch (RuntimeException e) {
            return path;
        }
    }

    private static Map<String, String> initParameters(FilterConfig config) {
        Map<String, String> values = new HashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            values.put(name, config.getInitParameter(name));
        }
        return values;
    }

    /** Only full {@code reqprof.*} names: a bare {@code enabled} context parameter may belong to anything. */
    private static Map<String, String> contextParameters(ServletContext context) {
        Map<String, String> values = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith("reqprof.")) values.put(name, context.getInitParameter(name));
        }
        return values;
    }

    /**
     * One request's state across its dispatches: its profiled request and the listener that ends it
     * when its async cycle finishes.
     */
    private static final class Exchange implements AsyncListener {
        final ProfiledRequest request;
        private final HttpServletResponse response;
        private volatile boolean listening;

        Exchange(ProfiledRequest request, HttpServletResponse response) {
            this.request = request;
            this.response = response;
        }

        /** After a dispatch: end now, or once the async cycle it started finishes. */
        void dispatchReturned(HttpServletRequest http, boolean failed) {
            // the framework knows the route only once it has matched a handler, inside the chain
            if (http.getAttribute(SPRING_MVC_PATTERN) instanceof String pattern && !pattern.isEmpty()) request.route(pattern);
            int status = failed && !response.isCommitted() ? 500 : response.getStatus();
            if (!http.isAsyncStarted()) {
                request.end(status);
                return;
            }
            if (listening) return; // already registered; onStartAsync carries it into new cycles
            try {
                AsyncContext async = http.getAsyncContext();
                listening = true;
                async.addListener(this);
            } catch (IllegalStateException e) {
                request.end(status); // the cycle finished between the check and here
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            request.end(response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // a timeout nobody handles becomes a 500; a listener before ours may have set another error
            int status = response.getStatus();
            request.end(status >= 400 ? status : 500);
        }

        @Override
        public void onError(AsyncEvent event) {
            int status = response.getStatus();
            request.end(status >= 400 ? status : 500);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new cycle (startAsync again, e.g. in an ASYNC re-dispatch) only notifies listeners that re-register
            event.getAsyncContext().addListener(this);
        }
    }
}
