package io.reqprof.quarkus.deployment;

import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.LaunchModeBuildItem;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import io.quarkus.resteasy.reactive.server.spi.GlobalHandlerCustomizerBuildItem;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.deployment.FilterBuildItem;
import io.reqprof.quarkus.runtime.ReqprofFilter;
import io.reqprof.quarkus.runtime.ReqprofRecorder;
import io.reqprof.quarkus.runtime.rest.RestProfiling;

/**
 * Build steps of the reqprof extension. Everything runs only when {@code quarkus.reqprof.enabled}
 * (the default) and never in a native-image build, where {@link NativeImageSteps} logs why.
 */
class ReqprofProcessor {
    static final String FEATURE = "reqprof";

    @BuildStep(onlyIf = ReqprofEnabled.class, onlyIfNot = NativeOrNativeSourcesBuild.class)
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** Starts reqprof at runtime init; its shutdown task stops it, also before a dev-mode reload. */
    @BuildStep(onlyIf = ReqprofEnabled.class, onlyIfNot = NativeOrNativeSourcesBuild.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    ServiceStartBuildItem start(ReqprofRecorder recorder, ShutdownContextBuildItem shutdown, LaunchModeBuildItem launchMode) {
        recorder.start(shutdown, launchMode.getLaunchMode() == LaunchMode.DEVELOPMENT);
        return new ServiceStartBuildItem(FEATURE);
    }

    /** The HTTP filter that begins, brackets and ends every request. */
    @BuildStep(onlyIf = ReqprofEnabled.class, onlyIfNot = NativeOrNativeSourcesBuild.class)
    @Record(ExecutionTime.RUNTIME_INIT)
    FilterBuildItem filter(ReqprofRecorder recorder) {
        return new FilterBuildItem(recorder.filter(), ReqprofFilter.PRIORITY);
    }

    /** With Quarkus REST: route templates, and brackets on worker threads and resumed callbacks. */
    @BuildStep(onlyIf = ReqprofEnabled.class, onlyIfNot = NativeOrNativeSourcesBuild.class)
    void rest(Capabilities capabilities, BuildProducer<GlobalHandlerCustomizerBuildItem> customizers) {
        if (capabilities.isPresent(Capability.REST)) {
            customizers.produce(new GlobalHandlerCustomizerBuildItem(new RestProfiling()));
        }
    }
}
