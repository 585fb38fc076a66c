package io.reqprof.samples.servlet;

import io.reqprof.agent.Profiler;
import io.reqprof.core.config.Settings;
import io.reqprof.servlet.ReqprofFilter;
import io.reqprof.servlet.ReqprofRegistration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

import java.time.Duration;
import java.util.Map;

/**
 * The servlet sample: an embedded Jetty 12 (ee10) web application with the reqprof filter, writing
 * one profile per request to {@code ./reqprof-dumps} unless {@code reqprof.profile-dir} (system
 * property or {@code REQPROF_PROFILE_DIR}) says otherwise.
 *
 * <pre>
 * java -jar reqprof-sample-servlet.jar [port] [--without-filter]
 * </pre>
 * Port 0 (the default) picks a free one; the URL is printed either way. {@code --without-filter}
 * serves the same endpoints with no filter at all: the load benchmark's baseline. When
 * {@code reqprof.service} is set (system property or {@code REQPROF_SERVICE}), the continuous profiler
 * also starts, configured by the other {@code reqprof.*} agent settings (docs/CONTINUOUS.md).
 */
public final class ServletApp {
    /** The sample's own defaults, below every operator setting. */
    static final Settings DEFAULTS = Settings.of("servlet-app default", Map.of(
            "reqprof.profile-dir", "reqprof-dumps",
            "reqprof.formats", "pprof,collapsed,html"));

    /** How long a stop waits for requests in flight. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private ServletApp() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean filter = true;
        for (String a : args) {
            if (a.equals("--without-filter")) filter = false;
            else port = Integer.parseInt(a);
        }
        // the continuous profiler starts first, as a framework adapter would at boot; it shares the session
        Profiler continuous = Settings.fromSystem().get("reqprof.service").isPresent() ? Profiler.start() : null;
        Server server = start(port, filter);
        int bound = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        System.out.println("servlet-app listening on http://127.0.0.1:" + bound + "/"
                + (filter ? "" : " (reqprof filter not installed)")
                + (continuous == null ? "" : " (continuous profiling to " + continuous.config().target() + ")"));
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop(); // destroys the filter, which writes pending dumps and stops the profiler
                if (continuous != null) continuous.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "servlet-app-shutdown"));
        server.join();
    }

    /** Starts the app on loopback {@code port}; {@code withFilter} false leaves reqprof out entirely. */
    static Server start(int port, boolean withFilter) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder("root", new RootEndpoint()), "");
        context.addServlet(new ServletHolder("process", new ProcessEndpoint()), "/api/process");
        context.addServlet(new ServletHolder("users", new UsersEndpoint()), "/api/users/*");
        ServletHolder async = new ServletHolder("async", new AsyncEndpoint());
        async.setAsyncSupported(true);
        context.addServlet(async, "/api/async");
        if (withFilter) {
            // the portable registration, run by Jetty as the context starts
            context.addServletContainerInitializer((classes, ctx) -> ReqprofRegistration.addTo(ctx, new ReqprofFilter(DEFAULTS)));
        }
        // a stop (SIGTERM's shutdown hook) lets requests in flight finish, for up to STOP_TIMEOUT
        server.setHandler(new GracefulHandler(context));
        server.setStopTimeout(STOP_TIMEOUT.toMillis());
        server.setStopAtShutdown(false);
        server.start();
        return server;
    }
}
