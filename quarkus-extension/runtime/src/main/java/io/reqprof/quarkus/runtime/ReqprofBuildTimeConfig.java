package io.reqprof.quarkus.runtime;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Build-time settings of the reqprof extension: whether it is installed at all.
 */
@ConfigMapping(prefix = "quarkus.reqprof")
@ConfigRoot(phase = ConfigPhase.BUILD_TIME)
public interface ReqprofBuildTimeConfig {

    /**
     * Whether the extension is installed. {@code false} leaves the application exactly as without
     * the extension: no HTTP filter, no REST handlers, no sampling session, no Dev UI card.
     * To keep the extension but stop profiling requests at run time, use
     * {@code quarkus.reqprof.requests.enabled=false}.
     */
    @WithDefault("true")
    boolean enabled();
}
