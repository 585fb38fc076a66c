package io.reqprof.quarkus.runtime.devui;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the dumps listed in a profile directory's {@code index.jsonl} (written by reqprof's dump
 * writer; docs/CONFIGURATION.md), newest first. Reading the index rather than keeping a list in
 * memory means the list survives a dev-mode live reload, and shows only dumps that exist.
 */
public final class DumpIndexReader {
    static final String INDEX = "index.jsonl";

    private DumpIndexReader() {
    }

    /** One dump as the Dev UI shows it. */
    public record Dump(String id, double time, String method, String path, String route, int status,
                       double elapsedMs, List<String> files) {
    }

    /** The newest {@code max} dumps whose files still exist, newest first; empty when there is no index. */
    public static List<Dump> recent(Path dir, int max) {
        if (dir == null) return List.of();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve(INDEX), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of();
        }
        List<Dump> out = new ArrayList<>();
        for (String line : lines) {
            Dump d = parse(line);
            if (d != null && d.files().stream().anyMatch(f -> file(dir, f).isPresent())) out.add(d);
        }
        // The index is in write order, which is not quite request order: newest request first.
        out.sort(Comparator.comparingDouble(Dump::time).reversed());
        return Collections.unmodifiableList(out.subList(0, Math.min(max, out.size())));
    }

    /** The dump with {@code id}, if listed and present. */
    public static Optional<Dump> find(Path dir, String id) {
        if (dir == null || id == null) return Optional.empty();
        return recent(dir, Integer.MAX_VALUE).stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** {@code name} inside {@code dir} when it is a plain file name of an existing file there. */
    public static Optional<Path> file(Path dir, String name) {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            return Optional.empty();
        }
        Path p = dir.resolve(name).normalize();
        return p.getParent() != null && p.getParent().equals(dir.normalize()) && Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    static Dump parse(String line) {
        if (line == null || line.isBlank()) return null;
        try {
            JsonObject o = new JsonObject(line);
            List<String> files = new ArrayList<>();
            JsonArray a = o.getJsonArray("files", new JsonArray());
            for (int i = 0; i < a.size(); i++) files.add(a.getString(i));
            return new Dump(o.getString("id", ""), o.getDouble("time", 0.0), o.getString("method", ""),
                    o.getString("path", ""), o.getString("route"), o.getInteger("status", 0),
                    o.getDouble("elapsed_ms", 0.0), List.copyOf(files));
        } catch (DecodeException | ClassCastException e) {
            return null;
        }
    }
}
