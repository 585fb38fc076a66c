package io.reqprof.quarkus.runtime;

import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;
import io.reqprof.quarkus.runtime.devui.FlameGraphRoute;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;

/**
 * Runs at application start (runtime init): starts reqprof with the run-time configuration and
 * registers its stop as a shutdown task, so a dev-mode live reload stops the old instance (threads,
 * session lease, chunk files) before the new one starts.
 */
@Recorder
public class ReqprofRecorder {
    private final RuntimeValue<ReqprofConfig> config;

    /** Quarkus injects the run-time configuration. */
    public ReqprofRecorder(RuntimeValue<ReqprofConfig> config) {
        this.config = config;
    }

    /** Starts request (and, when wired, continuous) profiling; stops it at shutdown. */
    public void start(ShutdownContext shutdown, boolean devMode) {
        var mp = ConfigProvider.getConfig();
        Optional<String> name = mp.getOptionalValue("quarkus.application.name", String.class);
        Optional<String> version = mp.getOptionalValue("quarkus.application.version", String.class);
        ReqprofRuntime runtime = ReqprofRuntime.start(config.getValue(), devMode, name, version);
        shutdown.addShutdownTask(runtime::close);
    }

    /** The HTTP filter that begins, brackets and ends each request. */
    public Handler<RoutingContext> filter() {
        return new ReqprofFilter();
    }

    /** Dev mode only: the route that shows a dump as an HTML flame graph. */
    public Handler<RoutingContext> flameGraphRoute() {
        return new FlameGraphRoute();
    }
}
