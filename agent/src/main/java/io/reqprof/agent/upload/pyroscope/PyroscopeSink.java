package io.reqprof.agent.upload.pyroscope;

import io.reqprof.agent.upload.AgentContext;
import io.reqprof.agent.upload.HttpUpload;
import io.reqprof.agent.upload.ProfileSink;
import io.reqprof.core.continuous.ProfileType;
import io.reqprof.core.pprof.PprofEncoder;
import io.reqprof.core.profile.Profile;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grafana Pyroscope: {@code POST <base>/ingest?name=service{labels}&from=&until=&format=pprof&spyName=reqprof}
 * with the gzip pprof as body. Labels: {@code version}, {@code instance} and the user's, with characters
 * Pyroscope does not allow in label names replaced by {@code _}. Request routes travel as pprof sample
 * labels, which Pyroscope keeps. 429 and 5xx are retried by the collector's backoff.
 */
public final class PyroscopeSink implements ProfileSink {
    private final URI base;
    private final String appName;
    private final HttpUpload http;

    public PyroscopeSink(URI base, AgentContext ctx) {
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
        this.http = new HttpUpload(ctx.bearerToken(), code -> code == 429 || code / 100 == 5);
        Map<String, String> labels = new LinkedHashMap<>();
        if (ctx.version() != null) labels.put("version", ctx.version());
        labels.put("instance", ctx.instance());
        labels.putAll(ctx.labels());
        StringBuilder name = new StringBuilder(ctx.service()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!first) name.append(',');
            first = false;
            name.append(labelName(e.getKey())).append('=').append(labelValue(e.getValue()));
        }
        this.appName = name.append('}').toString();
    }

    /** The {@code name} parameter: {@code service{version=..,instance=..}}. */
    public String appName() {
        return appName;
    }

    static String labelName(String k) {
        StringBuilder b = new StringBuilder(k.length());
        for (int i = 0; i < k.length(); i++) {
            char c = k.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            b.append(ok ? c : '_');
        }
        return b.toString();
    }

    static String labelValue(String v) {
        // the name syntax has no quoting: these would end a value or the label set
        return v.replace(',', '_').replace('}', '_').replace('{', '_').replace('=', '_');
    }

    @Override
    public void upload(ProfileType type, Profile profile) throws Exception {
        long from = profile.startEpochNanos() / 1_000_000_000L;
        long until = (profile.startEpochNanos() + profile.durationNanos()) / 1_000_000_000L;
        StringBuilder q = new StringBuilder("ingest?name=").append(URLEncoder.encode(appName, StandardCharsets.UTF_8))
                .append("&from=").append(from).append("&until=").append(Math.max(until, from + 1))
                .append("&format=pprof&spyName=reqprof");
        Long period = profile.periods().get(type.sampleType());
        if (type == ProfileType.CPU && period != null && period > 0) q.append("&sampleRate=").append(1_000_000_000L / period);
        http.post(base.resolve(q.toString()), "application/octet-stream", PprofEncoder.encodeGzip(profile, type.sampleType()));
    }

    @Override
    public String describe() {
        return "Pyroscope at " + base;
    }
}
