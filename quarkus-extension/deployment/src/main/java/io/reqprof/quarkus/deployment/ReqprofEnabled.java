package io.reqprof.quarkus.deployment;

import io.reqprof.quarkus.runtime.ReqprofBuildTimeConfig;

import java.util.function.BooleanSupplier;

/** True unless {@code quarkus.reqprof.enabled=false}: the condition of every reqprof build step. */
final class ReqprofEnabled implements BooleanSupplier {
    private final ReqprofBuildTimeConfig config;

    ReqprofEnabled(ReqprofBuildTimeConfig config) {
        this.config = config;
    }

    @Override
    public boolean getAsBoolean() {
        return config.enabled();
    }
}
