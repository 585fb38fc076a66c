package io.reqprof.quarkus.runtime.rest;

import org.jboss.resteasy.reactive.common.model.ResourceClass;
import org.jboss.resteasy.reactive.server.model.HandlerChainCustomizer;
import org.jboss.resteasy.reactive.server.model.ServerResourceMethod;
import org.jboss.resteasy.reactive.server.spi.ServerRestHandler;

import java.util.List;

/**
 * Adds reqprof's handlers to every Quarkus REST endpoint's handler chain (registered globally by
 * the deployment module when Quarkus REST is present):
 * <ul>
 * <li>right after matching, {@link RouteHandler} gives the request its route template;</li>
 * <li>just before the resource method is invoked and again once the response is created,
 * {@link BracketHandler} opens a bracket when the chain runs on a thread the HTTP filter's bracket
 * does not cover: a worker thread for blocking endpoints, or an event-loop callback that resumed
 * the chain after a {@code Uni} completed. Such a bracket closes when the chain completes.</li>
 * </ul>
 * Public with a no-argument constructor because Quarkus records it at build time.
 */
public class RestProfiling implements HandlerChainCustomizer {

    @Override
    public List<ServerRestHandler> handlers(Phase phase, ResourceClass resourceClass, ServerResourceMethod method) {
        return switch (phase) {
            case AFTER_MATCH -> resourceClass == null || method == null ? List.of()
                    : List.of(new RouteHandler(RouteHandler.template(resourceClass.getPath(), method.getPath())));
            case BEFORE_METHOD_INVOKE, AFTER_RESPONSE_CREATED -> List.of(BracketHandler.INSTANCE);
            default -> List.of();
        };
    }
}
