package io.reqprof.quarkus.runtime.rest;

import io.reqprof.quarkus.runtime.VertxRequest;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

/**
 * Sets the matched endpoint's route template ({@code /api/users/{id}}) on the profiled request,
 * prefixed with whatever the application path adds ({@code quarkus.rest.path}, {@code @ApplicationPath}).
 */
final class RouteHandler implements ServerRestHandler {
    private final String template;

    RouteHandler(String template) {
        this.template = template;
    }

    /** Joins a class-level and a method-level {@code @Path} into one template starting with {@code /}. */
    static String template(String classPath, String methodPath) {
        StringBuilder b = new StringBuilder();
        for (String part : new String[]{classPath, methodPath}) {
            if (part == null || part.isEmpty() || part.equals("/")) continue;
            if (b.length() > 0 && b.charAt(b.length() - 1) == '/') b.setLength(b.length() - 1);
            if (!part.startsWith("/")) b.append('/');
            b.append(part);
        }
        return b.length() == 0 ? "/" : b.toString();
    }

    @Override
    public void handle(ResteasyReactiveRequestContext rc) {
        VertxRequest vr = VertxRequest.of(rc.serverRequest().unwrap(RoutingContext.class));
        if (vr == null) return;
        vr.request().route(prefix(rc.getPath(), rc.getPathWithoutPrefix()) + template);
    }

    /** The part of {@code path} before {@code withoutPrefix}, e.g. {@code /api} for the REST root path. */
    static String prefix(String path, String withoutPrefix) {
        if (path == null || withoutPrefix == null || !path.endsWith(withoutPrefix)) return "";
        String p = path.substring(0, path.length() - withoutPrefix.length());
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
