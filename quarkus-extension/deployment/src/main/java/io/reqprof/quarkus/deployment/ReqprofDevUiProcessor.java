package io.reqprof.quarkus.deployment;

import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;
import io.quarkus.vertx.http.deployment.NonApplicationRootPathBuildItem;
import io.quarkus.vertx.http.deployment.RouteBuildItem;
import io.reqprof.quarkus.runtime.ReqprofRecorder;
import io.reqprof.quarkus.runtime.devui.ReqprofJsonRpcService;

/**
 * Dev mode only: the Dev UI card (recent request profiles, each opening as a flame graph, and the
 * collector's UI when one runs), its JSON-RPC service, and the flame-graph route.
 */
class ReqprofDevUiProcessor {
    /** Path of the flame-graph route under the non-application root ({@code /q}). */
    static final String FLAME_GRAPH_PATH = "reqprof/flamegraph";

    @BuildStep(onlyIf = {IsDevelopment.class, ReqprofEnabled.class})
    CardPageBuildItem card(NonApplicationRootPathBuildItem nonApp) {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addBuildTimeData("flameGraphPath", nonApp.resolvePath(FLAME_GRAPH_PATH));
        card.addPage(Page.webComponentPageBuilder()
                .title("Request profiles")
                .icon("font-awesome-solid:fire")
                .componentLink("qwc-reqprof-requests.js")
                .dynamicLabelJsonRPCMethodName("getDumpCount"));
        return card;
    }

    @BuildStep(onlyIf = {IsDevelopment.class, ReqprofEnabled.class})
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(ReqprofJsonRpcService.class);
    }

    @BuildStep(onlyIf = {IsDevelopment.class, ReqprofEnabled.class})
    @Record(ExecutionTime.RUNTIME_INIT)
    void flameGraphRoute(ReqprofRecorder recorder, NonApplicationRootPathBuildItem nonApp,
                         BuildProducer<RouteBuildItem> routes) {
        routes.produce(nonApp.routeBuilder()
                .route(FLAME_GRAPH_PATH)
                .handler(recorder.flameGraphRoute())
                .blockingRoute()
                .build());
    }
}
