package io.reqprof.collector.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Crash-safe file writes: temp file, fsync, atomic rename, fsync of the directory. */
final class Durable {
    private Durable() {
    }

    /** Writes {@code bytes} to {@code target} so that after a crash it is either whole or absent. */
    static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    /** Forces a directory's entries (a rename) to disk; a no-op where the platform cannot open directories. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its renames are durable enough for this use
        }
    }
}
