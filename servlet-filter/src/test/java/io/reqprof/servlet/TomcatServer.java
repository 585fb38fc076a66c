package io.reqprof.servlet;

import jakarta.servlet.ServletContainerInitializer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Embedded Tomcat: 10.1 (Servlet 6.0) by default, 11 (Servlet 6.1) in the tomcat11 test execution. */
final class TomcatServer implements Container.RunningServer {
    private final Tomcat tomcat;
    private final Connector connector;
    private final Throwable failure;

    private TomcatServer(Tomcat tomcat, Connector connector, Throwable failure) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.failure = failure;
    }

    static TomcatServer start(Map<String, String> contextParams, List<ServletContainerInitializer> initializers, Path work)
            throws Exception {
        Path base = Files.createDirectories(work.resolve("tomcat"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docroot")).toString());
        contextParams.forEach(context::addParameter);
        for (ServletContainerInitializer sci : initializers) context.addServletContainerInitializer(sci, null);
        Throwable failure = null;
        try {
            tomcat.start();
        } catch (Exception e) {
            failure = e;
        }
        // Tomcat logs a failed context start and goes on serving other contexts: the state tells
        if (failure == null && context.getState() != LifecycleState.STARTED) {
            failure = new IllegalStateException("context state " + context.getState());
        }
        return new TomcatServer(tomcat, connector, failure);
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
        return ServerInfo.getServerInfo();
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
