package io.reqprof.core.dump;

import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.request.RequestFacts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code index.jsonl} in the profile directory: one JSON object per dump, appended as each dump is
 * written, so tools (the collector's dump browser, {@code jq}) can list dumps without opening them.
 * The index is also how retention knows, after a restart, which files are dumps it may delete.
 */
final class DumpIndex {
    static final String FILE_NAME = "index.jsonl";
    private static final Pattern ID = Pattern.compile("\"id\":\"([A-Za-z0-9._-]*)\"");
    private static final Pattern FILES = Pattern.compile("\"files\":\\[([^\\]]*)]");

    private final Path file;

    DumpIndex(Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    /** A recovered entry: the dump's id and file names (safe names, so no JSON escapes occur). */
    record Entry(String id, List<String> files) {
    }

    static String line(RequestFacts f, Profile p, List<String> files, boolean triggered) {
        StringBuilder out = new StringBuilder(256).append('{');
        out.append("\"id\":");
        Json.string(out, f.id());
        long startMillis = f.start().toEpochMilli();
        out.append(",\"time\":").append(String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(startMillis, 1000), Math.floorMod(startMillis, 1000)));
        out.append(",\"method\":");
        Json.string(out, f.method());
        out.append(",\"path\":");
        Json.string(out, f.path());
        out.append(",\"route\":");
        Json.string(out, f.route());
        out.append(",\"status\":").append(f.status());
        out.append(",\"elapsed_ms\":").append(String.format(Locale.ROOT, "%.3f", f.elapsed().toNanos() / 1e6));
        out.append(",\"files\":[");
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) out.append(',');
            Json.string(out, files.get(i));
        }
        out.append("],\"samples\":{");
        boolean first = true;
        for (SampleType t : SampleType.values()) {
            long n = p.totalCount(t);
            if (n == 0 && t != SampleType.CPU && t != SampleType.WALL) continue;
            if (!first) out.append(',');
            first = false;
            out.append('"').append(t.name().toLowerCase(Locale.ROOT)).append("\":").append(n);
        }
        out.append('}');
        if (triggered) out.append(",\"triggered\":true");
        out.append(",\"engine\":");
        Json.string(out, p.engine() == null ? null : p.engine().describe());
        return out.append("}\n").toString();
    }

    void append(String line) throws IOException {
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /** Entries of an existing index, oldest first; unreadable lines are skipped. */
    List<Entry> read() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isRegularFile(file)) return entries;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher id = ID.matcher(line);
            Matcher files = FILES.matcher(line);
            if (!id.find() || !files.find()) continue;
            List<String> names = new ArrayList<>();
            for (String n : files.group(1).split(",")) {
                String name = n.trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) names.add(name.substring(1, name.length() - 1));
            }
            entries.add(new Entry(id.group(1), names));
        }
        return entries;
    }

    /** Rewrites the index keeping only the lines of {@code keepIds}, atomically. */
    void compact(Set<String> keepIds) throws IOException {
        if (!Files.isRegularFile(file)) return;
        StringBuilder kept = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            Matcher id = ID.matcher(line);
            if (id.find() && keepIds.contains(id.group(1))) kept.append(line).append('\n');
        }
        Path tmp = file.resolveSibling(".reqprof-index.tmp");
        Files.writeString(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
