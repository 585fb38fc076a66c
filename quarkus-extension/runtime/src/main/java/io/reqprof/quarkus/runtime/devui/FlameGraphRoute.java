package io.reqprof.quarkus.runtime.devui;

import io.reqprof.core.format.HtmlFlameGraph;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.quarkus.runtime.ReqprofRuntime;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Dev mode only ({@code /q/reqprof/flamegraph?id=<dump id>}): the HTML flame graph of one dump. Serves
 * the dump's {@code .html} file when one was written, else renders its pprof file. Only files the
 * directory's index lists are ever read. Runs as a blocking route.
 */
public final class FlameGraphRoute implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        ReqprofRuntime runtime = ReqprofRuntime.current();
        Path dir = runtime == null ? null : runtime.profileDir();
        String id = ctx.request().getParam("id");
        Optional<DumpIndexReader.Dump> dump = DumpIndexReader.find(dir, id);
        if (dump.isEmpty()) {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("no reqprof dump with id '" + (id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "_")) + "'");
            return;
        }
        try {
            String html = render(dir, dump.get());
            ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html);
        } catch (IOException e) {
            ctx.response().setStatusCode(500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .end("cannot read dump " + dump.get().id() + ": " + e.getMessage());
        }
    }

    static String render(Path dir, DumpIndexReader.Dump d) throws IOException {
        for (String name : d.files()) {
            if (name.endsWith(".html")) {
                Optional<Path> p = DumpIndexReader.file(dir, name);
                if (p.isPresent()) return Files.readString(p.get(), StandardCharsets.UTF_8);
            }
        }
        for (String name : d.files()) {
            if (name.endsWith(".pb.gz")) {
                Optional<Path> p = DumpIndexReader.file(dir, name);
                if (p.isPresent()) {
                    String title = d.method() + " " + d.path() + " (" + Math.round(d.elapsedMs()) + " ms, status " + d.status() + ")";
                    return HtmlFlameGraph.render(PprofDecoder.decode(Files.readAllBytes(p.get())), title);
                }
            }
        }
        throw new IOException("no html or pprof file among " + d.files());
    }
}
