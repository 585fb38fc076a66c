package io.reqprof.quarkus.runtime.devui;

import io.reqprof.core.dump.DumpIndex;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The dumps listed in a profile directory's {@code index.jsonl}, read with core's {@link DumpIndex},
 * newest first, in the shape the Dev UI shows. Reading the index rather than keeping a list in
 * memory means the list survives a dev-mode live reload, and shows only dumps that exist.
 */
public final class DumpIndexReader {
    private DumpIndexReader() {
    }

    /** One dump as the Dev UI shows it. */
    public record Dump(String id, double time, String method, String path, String route, int status,
                       double elapsedMs, List<String> files) {
    }

    /** The newest {@code max} dumps whose files still exist, newest first; empty when there is no index. */
    public static List<Dump> recent(Path dir, int max) {
        if (dir == null) return List.of();
        List<DumpIndex.Entry> entries;
        try {
            entries = DumpIndex.read(dir);
        } catch (IOException e) {
            return List.of();
        }
        List<Dump> out = new ArrayList<>();
        for (DumpIndex.Entry e : entries) {
            List<String> files = DumpIndex.present(dir, e.files());
            if (!files.isEmpty()) {
                out.add(new Dump(e.id(), e.time(), e.method(), e.path(), e.route(), e.status(), e.elapsedMs(), files));
            }
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
        return DumpIndex.file(dir, name);
    }
}
