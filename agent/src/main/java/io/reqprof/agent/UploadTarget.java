package io.reqprof.agent;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where continuous profiles go, written as one compact string (setting {@code reqprof.target}):
 *
 * <table>
 * <caption>targets</caption>
 * <tr><td>{@code cloud}</td><td>Google Cloud Profiler (TLS, Application Default Credentials); the default</td></tr>
 * <tr><td>{@code grpc://host:port}, {@code grpcs://host:port}</td><td>any server speaking the Cloud Profiler v2 API
 *     (reqprof's collector), plaintext or TLS</td></tr>
 * <tr><td>{@code pyroscope+http://host:port}, {@code pyroscope+https://...}</td><td>Grafana Pyroscope's {@code /ingest}</td></tr>
 * <tr><td>{@code otlp+http://host:port}, {@code otlp+https://...}</td><td>OTLP/HTTP profiles ({@code /v1development/profiles})</td></tr>
 * <tr><td>{@code file:/dir} (or {@code dir:/dir})</td><td>gzip pprof files in a local directory</td></tr>
 * </table>
 *
 * @param kind      which uploader
 * @param authority {@code host:port} for gRPC targets, else null
 * @param url       base URL for HTTP targets, else null
 * @param directory the directory for {@link Kind#DIRECTORY}, else null
 */
public record UploadTarget(Kind kind, String authority, URI url, Path directory) {
    /** Google's Cloud Profiler endpoint. */
    public static final String CLOUD_PROFILER_AUTHORITY = "cloudprofiler.googleapis.com:443";
    static final String RULE = "must be cloud, grpc://host:port, grpcs://host:port, pyroscope+http(s)://host:port, "
            + "otlp+http(s)://host:port or file:/directory";

    /** The kinds of upload target. */
    public enum Kind {
        /** Google Cloud Profiler, TLS with Application Default Credentials. */
        CLOUD,
        /** A Cloud Profiler v2 API server without TLS (reqprof's collector on a private network). */
        GRPC_PLAINTEXT,
        /** A Cloud Profiler v2 API server with TLS. */
        GRPC_TLS,
        /** Grafana Pyroscope. */
        PYROSCOPE,
        /** An OTLP/HTTP receiver of the profiles signal. */
        OTLP,
        /** A local directory. */
        DIRECTORY;

        /** Whether this target speaks the Cloud Profiler v2 API (server-driven collection, offline mode). */
        public boolean isCloudProfilerApi() {
            return this == CLOUD || this == GRPC_PLAINTEXT || this == GRPC_TLS;
        }
    }

    /** Google Cloud Profiler. */
    public static UploadTarget cloud() {
        return new UploadTarget(Kind.CLOUD, CLOUD_PROFILER_AUTHORITY, null, null);
    }

    /**
     * Parses the compact form.
     *
     * @throws IllegalArgumentException {@code reqprof.target: must be cloud, grpc://host:port, ..., was 'x'}
     */
    public static UploadTarget parse(String value) {
        UploadTarget t = tryParse(value);
        if (t == null) throw new IllegalArgumentException("reqprof.target: " + RULE + ", was '" + value + "'");
        return t;
    }

    /** The parsed target, or null when {@code value} is not one. */
    static UploadTarget tryParse(String value) {
        if (value == null) return null;
        String v = value.trim();
        String lower = v.toLowerCase(Locale.ROOT);
        try {
            if (lower.equals("cloud")) return cloud();
            if (lower.startsWith("grpc://")) return grpc(Kind.GRPC_PLAINTEXT, v.substring(7));
            if (lower.startsWith("grpcs://")) return grpc(Kind.GRPC_TLS, v.substring(8));
            if (lower.startsWith("pyroscope+http://") || lower.startsWith("pyroscope+https://")) {
                return http(Kind.PYROSCOPE, v.substring("pyroscope+".length()));
            }
            if (lower.startsWith("otlp+http://") || lower.startsWith("otlp+https://")) {
                return http(Kind.OTLP, v.substring("otlp+".length()));
            }
            if (lower.startsWith("file:") || lower.startsWith("dir:")) {
                String path = v.substring(v.indexOf(':') + 1);
                if (path.startsWith("//")) path = URI.create(v.startsWith("dir:") ? "file:" + path : v).getPath();
                if (path.isBlank()) return null;
                return new UploadTarget(Kind.DIRECTORY, null, null, Path.of(path));
            }
        } catch (RuntimeException e) {
            return null;
        }
        return null;
    }

    private static UploadTarget grpc(Kind kind, String authority) {
        if (authority.endsWith("/")) authority = authority.substring(0, authority.length() - 1);
        URI u = URI.create("grpc://" + authority);
        if (u.getHost() == null || u.getPort() <= 0 || u.getPort() > 65535 || (u.getPath() != null && !u.getPath().isEmpty())) {
            return null;
        }
        return new UploadTarget(kind, authority, null, null);
    }

    private static UploadTarget http(Kind kind, String url) {
        URI u = URI.create(url);
        if (u.getHost() == null) return null;
        return new UploadTarget(kind, null, u, null);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case CLOUD -> "cloud";
            case GRPC_PLAINTEXT -> "grpc://" + authority;
            case GRPC_TLS -> "grpcs://" + authority;
            case PYROSCOPE -> "pyroscope+" + url;
            case OTLP -> "otlp+" + url;
            case DIRECTORY -> "file:" + directory;
        };
    }
}
