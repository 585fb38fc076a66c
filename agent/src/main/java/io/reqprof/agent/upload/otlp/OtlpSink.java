package io.reqprof.agent.upload.otlp;

import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.HttpUpload;
import io.reqprof.agent.upload.ProfileSink;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.profile.Profile;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** OTLP/HTTP profiles: {@code POST <base>/v1development/profiles} with a protobuf {@code ExportProfilesServiceRequest}. */
public final class OtlpSink implements ProfileSink {
    /** Path of the profiles signal (development). */
    public static final String PATH = "v1development/profiles";

    private final URI endpoint;
    private final HttpUpload http;
    private final Map<String, String> resource = new LinkedHashMap<>();

    public OtlpSink(URI base, AgentContext ctx) {
        String b = base.toString();
        this.endpoint = URI.create(b.endsWith("/") ? b + PATH : b + "/" + PATH);
        // OTLP/HTTP: 429, 502, 503 and 504 are the retryable answers
        this.http = new HttpUpload(ctx.bearerToken(), code -> code == 429 || code == 502 || code == 503 || code == 504);
        resource.put("service.name", ctx.service());
        if (ctx.version() != null) resource.put("service.version", ctx.version());
        resource.put("service.instance.id", ctx.instance());
        resource.put("telemetry.sdk.language", "java");
        resource.putAll(ctx.labels());
    }

    @Override
    public void upload(ProfileType type, Profile profile) throws Exception {
        http.post(endpoint, "application/x-protobuf", OtlpEncoder.encode(type, profile, resource));
    }

    @Override
    public String describe() {
        return "OTLP at " + endpoint;
    }
}
