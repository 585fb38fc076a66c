package io.reqprof.agent.upload.otlp;

import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.ProfileSink;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.profile.Profile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** OTLP/HTTP profiles: {@code POST <base>/v1development/profiles} with a protobuf {@code ExportProfilesServiceRequest}. */
public final class OtlpSink implements ProfileSink {
    /** Path of the profiles signal (development). */
    public static final String PATH = "v1development/profiles";
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final URI endpoint;
    private final AgentContext ctx;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> resource = new LinkedHashMap<>();

    public OtlpSink(URI base, AgentContext ctx) {
        String b = base.toString();
        this.endpoint = URI.create(b.endsWith("/") ? b + PATH : b + "/" + PATH);
        this.ctx = ctx;
        resource.put("service.name", ctx.service());
        if (ctx.version() != null) resource.put("service.version", ctx.version());
        resource.put("service.instance.id", ctx.instance());
        resource.put("telemetry.sdk.language", "java");
        resource.putAll(ctx.labels());
    }

    @Override
    public void upload(ProfileType type, Profile profile) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OtlpEncoder.encode(type, profile, resource)));
        if (ctx.bearerToken() != null) req.header("Authorization", "Bearer " + ctx.bearerToken());
        HttpResponse<Void> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new RetryableUploadException(e.toString(), e);
        }
        int code = resp.statusCode();
        // OTLP/HTTP: 429, 502, 503 and 504 are the retryable answers
        if (code == 429 || code == 502 || code == 503 || code == 504) throw new RetryableUploadException("HTTP " + code, null);
        if (code / 100 != 2) throw new IOException("HTTP " + code + " from " + endpoint);
    }

    @Override
    public String describe() {
        return "OTLP at " + endpoint;
    }
}
