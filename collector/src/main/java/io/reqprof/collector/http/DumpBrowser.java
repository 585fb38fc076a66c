package io.reqprof.collector.http;

import io.reqprof.core.dump.DumpIndex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a request-profile directory written by reqprof's dump writer: its {@code index.jsonl}
 * lists the dumps (method, path, status, elapsed, files). Only files the index names, with
 * names of safe characters, are ever opened, so a request cannot read outside the directory.
 */
final class DumpBrowser {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~-]{1,255}");
    private final Path dir;

    DumpBrowser(Path dir) {
        this.dir = dir;
    }

    boolean configured() {
        return dir != null;
    }

    /**
     * Index entries, newest first, filtered; unreadable lines are skipped, and so are entries whose
     * files are all gone (retention deletes whole dumps but leaves their lines until the next start).
     */
    List<Map<String, Object>> list(String method, String pathContains, double minElapsedMs, String status, int limit)
            throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : DumpIndex.readObjects(dir)) {
            if (method != null && !method.isEmpty() && !method.equalsIgnoreCase(String.valueOf(e.get("method")))) continue;
            if (pathContains != null && !pathContains.isEmpty() && !String.valueOf(e.get("path")).contains(pathContains)) continue;
            Object elapsed = e.get("elapsed_ms");
            if (minElapsedMs > 0 && (!(elapsed instanceof Number n) || n.doubleValue() < minElapsedMs)) continue;
            if (status != null && !status.isEmpty() && !statusMatches(status, e.get("status"))) continue;
            out.add(e);
        }
        Collections.reverse(out);
        // only the entries shown pay for the check that their files exist
        List<Map<String, Object>> shown = new ArrayList<>();
        for (Map<String, Object> e : out) {
            if (shown.size() == limit) break;
            List<String> files = e.get("files") instanceof List<?> named ? DumpIndex.present(dir, named) : List.of();
            if (files.isEmpty()) continue;
            e.put("files", files);
            shown.add(e);
        }
        return shown;
    }

    private static boolean statusMatches(String want, Object have) {
        String s = String.valueOf(have);
        if (want.length() == 3 && want.endsWith("xx")) return s.length() == 3 && s.charAt(0) == want.charAt(0);
        return want.equals(s);
    }

    /** The bytes of a dump file the index names; an error for anything else. */
    byte[] read(String file) throws IOException, HttpError {
        if (file == null || !SAFE.matcher(file).matches() || file.startsWith(".")) throw new HttpError(400, "bad file name");
        boolean listed = DumpIndex.read(dir).stream().anyMatch(e -> e.files().contains(file));
        if (!listed) throw new HttpError(404, "no dump file '" + file + "' in the index");
        Path p = DumpIndex.file(dir, file).orElseThrow(() -> new HttpError(404, "dump file is gone (retention)"));
        return Files.readAllBytes(p);
    }
}
