package io.reqprof.quarkus.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.Produce;
import io.quarkus.deployment.builditem.ServiceStartBuildItem;
import io.quarkus.deployment.pkg.steps.NativeOrNativeSourcesBuild;
import org.jboss.logging.Logger;

/**
 * In a native-image build reqprof switches itself off (async-profiler is a JVM agent library and
 * JFR-based attribution needs a JVM): no filter, no handlers, no recorder. This step says so once.
 */
class NativeImageSteps {
    private static final Logger LOG = Logger.getLogger(NativeImageSteps.class);

    static final String MESSAGE = "reqprof is disabled in this native-image build: it profiles JVMs only "
            + "(async-profiler or JDK Flight Recorder). The native executable serves requests unprofiled; "
            + "build a JVM application to profile it.";

    // Produces a ServiceStartBuildItem only so that the step runs in every native build (a step whose
    // output nobody consumes is skipped); it starts nothing.
    @BuildStep(onlyIf = {ReqprofEnabled.class, NativeOrNativeSourcesBuild.class})
    @Produce(ServiceStartBuildItem.class)
    void disabledInNativeImage() {
        LOG.warn(MESSAGE);
    }
}
