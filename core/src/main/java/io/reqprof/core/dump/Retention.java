package io.reqprof.core.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the dump directory within {@code max-files} files and {@code max-bytes} bytes by deleting
 * whole dumps, oldest first. Only files the index lists are ever deleted, so anything else a user
 * keeps in the directory is safe. Used by the writer thread only.
 */
final class Retention {
    private record Dump(String id, List<Path> files, long bytes) {
    }

    private final int maxFiles;
    private final long maxBytes;
    private final Deque<Dump> dumps = new ArrayDeque<>();
    private int files;
    private long bytes;

    Retention(int maxFiles, long maxBytes) {
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /** Records a dump recovered from the index as the newest, sizing its files on disk. */
    void add(String id, List<Path> paths) {
        long size = 0;
        for (Path p : paths) {
            try {
                size += Files.size(p);
            } catch (IOException e) {
                // gone already: it costs nothing
            }
        }
        add(id, paths, size);
    }

    /** Records a dump just written, of {@code size} bytes in all, as the newest. */
    void add(String id, List<Path> paths, long size) {
        dumps.addLast(new Dump(id, List.copyOf(paths), size));
        files += paths.size();
        bytes += size;
    }

    /**
     * Makes room for a dump of {@code newFiles} files and {@code newBytes} bytes by evicting the
     * oldest dumps, and hands their files to the caller instead of deleting them, for reuse. The
     * caller deletes whatever it does not reuse. Never evicts more than the limits require, and
     * never everything for a dump that alone exceeds them ({@link #enforce} settles that after).
     */
    List<Path> evictFor(int newFiles, long newBytes) {
        List<Path> evicted = new ArrayList<>();
        while (!dumps.isEmpty() && (files + newFiles > maxFiles || bytes + newBytes > maxBytes)) {
            Dump d = dumps.removeFirst();
            files -= d.files.size();
            bytes -= d.bytes;
            evicted.addAll(d.files);
        }
        return evicted;
    }

    /**
     * Deletes oldest dumps until within limits.
     *
     * @return how many dumps were removed
     */
    int enforce() throws IOException {
        int removed = 0;
        IOException failure = null;
        while (!dumps.isEmpty() && (files > maxFiles || bytes > maxBytes)) {
            Dump d = dumps.removeFirst();
            files -= d.files.size();
            bytes -= d.bytes;
            removed++;
            for (Path p : d.files) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    failure = e;
                }
            }
        }
        if (failure != null) throw failure;
        return removed;
    }

    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        for (Dump d : dumps) ids.add(d.id);
        return ids;
    }

    int dumpCount() {
        return dumps.size();
    }
}
