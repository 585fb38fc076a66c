package io.reqprof.quarkus.runtime.devui;

import io.reqprof.quarkus.runtime.ReqprofRuntime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Dev UI's JSON-RPC service (dev mode only): the recent request profiles and the collector's URL.
 */
public class ReqprofJsonRpcService {
    /** Most dumps listed. */
    static final int MAX_LISTED = 200;

    /**
     * The newest dumps, newest first: id, method, path, route, status, elapsed ms, start time (epoch
     * seconds) and file names.
     */
    public List<Map<String, Object>> getRecentRequests() {
        ReqprofRuntime runtime = ReqprofRuntime.current();
        List<Map<String, Object>> out = new ArrayList<>();
        if (runtime == null) return out;
        for (DumpIndexReader.Dump d : DumpIndexReader.recent(runtime.profileDir(), MAX_LISTED)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("method", d.method());
            m.put("path", d.path());
            m.put("route", d.route() == null ? "" : d.route());
            m.put("status", d.status());
            m.put("elapsedMs", d.elapsedMs());
            m.put("time", d.time());
            m.put("files", d.files());
            out.add(m);
        }
        return out;
    }

    /** How many dumps are listed, for the card's label. */
    public String getDumpCount() {
        return Integer.toString(getRecentRequests().size());
    }

    /** Where dumps are written, or an empty string when request profiling is off. */
    public String getProfileDir() {
        ReqprofRuntime runtime = ReqprofRuntime.current();
        return runtime == null || runtime.profileDir() == null ? "" : runtime.profileDir().toString();
    }

    /** The collector UI's URL when one runs for this application, else an empty string. */
    public String getCollectorUrl() {
        ReqprofRuntime runtime = ReqprofRuntime.current();
        return runtime == null ? "" : runtime.collectorUrl().orElse("");
    }
}
