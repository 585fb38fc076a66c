package io.reqprof.spring;

import io.reqprof.core.dump.DumpIndex;
import io.reqprof.core.web.WebProfiler;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Actuator endpoint {@code reqprof}: what request profiling is doing (engine, requests in
 * flight, dumps written, dropped and failed, the newest dumps) and, when it runs, the continuous
 * agent (service, target, profile types, uploads and the last upload error). {@code
 * /actuator/reqprof/{file}} serves one dump file named in the newest dumps; any other name, a
 * path or a hidden file included, is not found. Exposed over HTTP only when the application
 * exposes it ({@code management.endpoints.web.exposure.include=reqprof}), like every endpoint
 * but health.
 */
@Endpoint(id = "reqprof")
public class ReqprofEndpoint {
    /** Dumps listed, newest first. */
    static final int RECENT = 20;
    private final Supplier<WebProfiler> requests;
    private final Supplier<Map<String, Object>> continuous;

    ReqprofEndpoint(Supplier<WebProfiler> requests, Supplier<Map<String, Object>> continuous) {
        this.requests = requests;
        this.continuous = continuous;
    }

    /** The whole status. */
    @ReadOperation
    public Map<String, Object> status() throws IOException {
        WebProfiler p = requests.get();
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("enabled", p.enabled());
        requests.put("engine", p.engine());
        requests.put("inFlight", p.inFlight());
        Path dir = p.config().dumps().profileDir();
        requests.put("profileDir", dir == null ? null : dir.toString());
        requests.put("dumpsWritten", p.dumpsWritten());
        requests.put("dumpsDropped", p.dumpsDropped());
        requests.put("dumpsFailed", p.dumpsFailed());
        requests.put("recentDumps", recent(dir));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("requests", requests);
        status.put("continuous", continuous.get());
        return status;
    }

    /** One file of a listed dump, or null (404) for any other name. */
    @ReadOperation(produces = "application/octet-stream")
    public Resource file(@Selector String file) throws IOException {
        Path dir = requests.get().config().dumps().profileDir();
        if (dir == null) return null;
        for (DumpIndex.Entry e : newest(dir)) {
            if (e.files().contains(file)) return DumpIndex.file(dir, file).map(FileSystemResource::new).orElse(null);
        }
        return null;
    }

    private static List<Map<String, Object>> recent(Path dir) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        if (dir == null) return out;
        for (DumpIndex.Entry e : newest(dir)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("time", e.time());
            m.put("method", e.method());
            m.put("path", e.path());
            m.put("route", e.route());
            m.put("status", e.status());
            m.put("elapsedMs", e.elapsedMs());
            List<String> files = DumpIndex.present(dir, e.files());
            m.put("files", files);
            m.put("links", files.stream().map(f -> "reqprof/" + f).toList());
            out.add(m);
        }
        return out;
    }

    /** The {@value #RECENT} newest index entries, newest first. */
    private static List<DumpIndex.Entry> newest(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(DumpIndex.FILE_NAME))) return List.of();
        List<DumpIndex.Entry> all = DumpIndex.read(dir);
        List<DumpIndex.Entry> out = new ArrayList<>(all.subList(Math.max(0, all.size() - RECENT), all.size()));
        Collections.reverse(out);
        return out;
    }
}
