package io.reqprof.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Jetty;

import java.util.List;
import java.util.Map;

/** Embedded Jetty 12 (ee10, Servlet 6.0). */
final class JettyServer implements Container.RunningServer {
    private final Server server;
    private final ServerConnector connector;
    private final Throwable failure;

    private JettyServer(Server server, ServerConnector connector, Throwable failure) {
        this.server = server;
        this.connector = connector;
        this.failure = failure;
    }

    static JettyServer start(Map<String, String> contextParams, List<ServletContainerInitializer> initializers) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        contextParams.forEach(context::setInitParameter);
        for (ServletContainerInitializer sci : initializers) context.addServletContainerInitializer(sci);
        server.setHandler(context);
        Throwable failure = null;
        try {
            server.start();
        } catch (Exception e) {
            failure = e;
        }
        if (failure == null && !context.isAvailable()) failure = new IllegalStateException("context not available");
        return new JettyServer(server, connector, failure);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public Throwable startFailure() {
        return failure;
    }

    @Override
    public String describe() {
        return "Jetty " + Jetty.VERSION;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
