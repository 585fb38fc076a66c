package io.reqprof.collector.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The exclusive lock one collector holds on its store directory ({@code .lock}), so that a second
 * collector started on the same directory fails at start instead of rewriting the index under the
 * first (whose next acknowledged uploads would then vanish). The lock is the operating system's
 * (released when the process dies, even by SIGKILL); the file's text only names the holder for
 * the error message.
 */
final class StoreLock implements AutoCloseable {
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock on {@code dir}, or fails naming the directory and the holder. */
    static StoreLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this same JVM (a second store opened on the directory)
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new IOException("profile store " + dir.toAbsolutePath() + " is in use by another collector ("
                    + holder + "); stop that one, or give this one another --data-dir");
        }
        byte[] me = (ProcessHandle.current().pid() + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(me), 0);
        return new StoreLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(200);
            channel.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : "pid " + text;
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
