package io.reqprof.snippets;

import io.reqprof.collector.Collector;
import io.reqprof.collector.CollectorConfig;

import java.nio.file.Path;
import java.time.Duration;

/** docs/COLLECTOR.md: the collector in-process. */
final class CollectorEmbeddedSnippet {
    private CollectorEmbeddedSnippet() {
    }

    static void run() throws java.io.IOException {
        // snippet:begin collector-embedded
        try (Collector c = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0)
                .dataDir(Path.of("profiles")).period(Duration.ofSeconds(10)).build())) {
            // agents: reqprof.target=grpc://127.0.0.1:<c.grpcPort()>, UI: http://127.0.0.1:<c.httpPort()>/
        }
        // snippet:end
    }
}
