package io.reqprof.collector.store;

import io.reqprof.core.internal.json.JsonParser;
import io.reqprof.core.internal.json.JsonWriter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * {@code index.jsonl}: one line per event, {@code {"op":"add",...profile}} or
 * {@code {"op":"del","id":...}}, each forced to disk before the caller goes on. At open the log is
 * replayed; a torn last line (a crash in the middle of an append) is cut off, which is safe
 * because that profile was never acknowledged. Compaction rewrites the log atomically.
 */
final class IndexLog implements AutoCloseable {
    static final String FILE_NAME = "index.jsonl";
    private static final Logger LOG = Logger.getLogger(IndexLog.class.getName());

    private final Path file;
    private FileChannel out;
    private int deletes;

    private IndexLog(Path file) {
        this.file = file;
    }

    /** Opens (creating) the log in {@code dir} and returns it with the live profiles it holds, oldest first. */
    static IndexLog open(Path dir, Map<String, StoredProfile> live) throws IOException {
        IndexLog log = new IndexLog(dir.resolve(FILE_NAME));
        log.replay(live);
        log.out = FileChannel.open(log.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return log;
    }

    private void replay(Map<String, StoredProfile> live) throws IOException {
        if (!Files.exists(file)) return;
        byte[] bytes = Files.readAllBytes(file);
        int lastGood = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
            start = i + 1;
            lastGood = start;
            if (line.isBlank()) continue;
            try {
                Map<String, Object> m = JsonParser.parseObject(line);
                if ("del".equals(m.get("op"))) {
                    live.remove((String) m.get("id"));
                    deletes++;
                } else {
                    StoredProfile p = StoredProfile.fromMap(m);
                    live.put(p.id(), p);
                }
            } catch (RuntimeException e) {
                // only a bug or a hand edit produces a bad complete line; keep going with the rest
                LOG.warning("index.jsonl: skipping unreadable line: " + e.getMessage());
            }
        }
        if (lastGood < bytes.length) {
            LOG.warning("index.jsonl: cutting a torn last line of " + (bytes.length - lastGood)
                    + " bytes (an upload interrupted by a crash; it was never acknowledged)");
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(lastGood);
                ch.force(true);
            }
        }
    }

    /** Appends an {@code add} line and forces it to disk. */
    synchronized void add(StoredProfile p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", "add");
        m.putAll(p.toMap());
        append(JsonWriter.toJson(m));
    }

    /** Appends {@code del} lines for {@code ids} and forces them to disk. */
    synchronized void delete(Collection<String> ids) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            if (sb.length() > 0) sb.append('\n');
            sb.append("{\"op\":\"del\",\"id\":");
            JsonWriter.string(sb, id).append('}');
        }
        if (sb.length() > 0) append(sb.toString());
        deletes += ids.size();
    }

    /** How many deletions the log holds, to decide when to compact. */
    synchronized int deletes() {
        return deletes;
    }

    /** Rewrites the log with only {@code live} (oldest first): temp file, fsync, atomic rename. */
    synchronized void compact(List<StoredProfile> live) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            StringBuilder sb = new StringBuilder();
            for (StoredProfile p : live) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("op", "add");
                m.putAll(p.toMap());
                JsonWriter.value(sb, m).append('\n');
            }
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        out.close();
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Durable.syncDirectory(file.getParent());
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        deletes = 0;
    }

    private void append(String lines) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap((lines + "\n").getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) out.write(buf);
        out.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
