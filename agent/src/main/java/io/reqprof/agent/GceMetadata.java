package io.reqprof.agent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The few GCE metadata server look-ups Google's agents make (project id, zone), each bounded by a
 * one-second timeout and skipped entirely when this does not look like Google Cloud, so that an
 * application off GCP never waits for a host that does not exist.
 */
final class GceMetadata {
    static final URI STANDARD = URI.create("http://metadata.google.internal/computeMetadata/v1/");
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger("io.reqprof.agent");

    private final URI base;
    private final boolean onGcp;

    private GceMetadata(URI base, boolean onGcp) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.onGcp = onGcp;
    }

    /**
     * The metadata server to ask: {@code configured} when given (tests, proxies: always asked), else
     * {@code GCE_METADATA_HOST}, else the standard one, asked only when the machine says it is a
     * Google Compute Engine VM (DMI product name) or runs on Cloud Run / App Engine.
     */
    static GceMetadata locate(URI configured, Function<String, String> env) {
        if (configured != null) return new GceMetadata(configured, true);
        String host = env.apply("GCE_METADATA_HOST");
        if (host != null && !host.isBlank()) return new GceMetadata(URI.create("http://" + host.trim() + "/computeMetadata/v1/"), true);
        boolean serverless = env.apply("K_SERVICE") != null || env.apply("GAE_SERVICE") != null;
        return new GceMetadata(STANDARD, serverless || dmiSaysGoogle());
    }

    private static boolean dmiSaysGoogle() {
        try {
            Path p = Path.of("/sys/class/dmi/id/product_name");
            return Files.isReadable(p) && Files.readString(p).toLowerCase(Locale.ROOT).contains("google");
        } catch (Exception e) {
            return false;
        }
    }

    boolean onGcp() {
        return onGcp;
    }

    Optional<String> projectId() {
        return get("project/project-id");
    }

    /** The zone name ({@code us-central1-a}) from {@code projects/NUM/zones/ZONE}. */
    Optional<String> zone() {
        return get("instance/zone").map(z -> z.substring(z.lastIndexOf('/') + 1));
    }

    private Optional<String> get(String path) {
        if (!onGcp) return Optional.empty();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpRequest req = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .header("Metadata-Flavor", "Google").GET().build();
            HttpResponse<String> resp = client.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200 && !resp.body().isBlank()) return Optional.of(resp.body().trim());
            LOG.log(System.Logger.Level.DEBUG, "metadata " + path + ": HTTP " + resp.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "metadata " + path + " unavailable: " + e);
        }
        return Optional.empty();
    }
}
