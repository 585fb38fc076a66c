import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

/**
 * Java agent for bench/run-continuous-paired.sh: starts and stops reqprof's continuous profiler in
 * the running server as the script asks, so runs with and without it are measured in one JVM (one
 * JIT, one heap, one code layout) instead of in separate JVMs whose spread exceeds a 1% effect.
 *
 * <p>The agent argument names a flag file. No file: profiler off. A file: profiler on, after
 * setting the system properties it lists ({@code key=value}, whitespace-separated; {@code key=-}
 * clears one). A file starting with {@code async-profiler } instead runs the rest as an
 * async-profiler command with no reqprof code at all: the bench's measure of what the sampler alone
 * costs. When the file's content changes, the profiler is closed and started again.
 */
public final class AgentToggle {
    private static final String BARE = "async-profiler ";

    private AgentToggle() {
    }

    public static void premain(String flagFile, Instrumentation ignored) {
        Path flag = Path.of(flagFile);
        Thread t = new Thread(() -> follow(flag), "bench-agent-toggle");
        t.setDaemon(true);
        t.start();
    }

    private static void follow(Path flag) {
        AutoCloseable running = null;
        String current = null;
        FileTime seen = null;
        String wanted = null;
        try {
            while (true) {
                // One stat per poll; the file is read only when it changed. Reading it every poll
                // cost the "on" windows about 0.1% of the server's CPU, which the bench then
                // charged to the profiler.
                FileTime modified = modified(flag);
                if (!Objects.equals(modified, seen)) {
                    seen = modified;
                    wanted = modified == null ? null : Files.readString(flag).trim();
                }
                if (running != null && !Objects.equals(wanted, current)) {
                    running.close();
                    running = null;
                    current = null;
                }
                if (wanted != null && running == null) {
                    running = wanted.startsWith(BARE) ? startBare(wanted.substring(BARE.length())) : startReqprof(wanted);
                    current = wanted;
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            // the script checks the log for this line: a failed toggle must not pass as "off"
            System.err.println("bench-agent-toggle failed: " + e);
        }
    }

    /** async-profiler alone, running {@code command}; closing stops it. */
    private static AutoCloseable startBare(String command) throws java.io.IOException {
        one.profiler.AsyncProfiler ap = one.profiler.AsyncProfiler.getInstance();
        // the script counts these lines: a bare window whose start failed must not pass as measured
        System.err.println("bench-agent-toggle bare: " + ap.execute(command).trim());
        return () -> ap.execute("stop");
    }

    /** reqprof's continuous profiler, after setting the listed system properties. */
    private static AutoCloseable startReqprof(String properties) {
        for (String kv : properties.split("\\s+")) {
            if (kv.isEmpty()) continue;
            String[] p = kv.split("=", 2);
            if (p[1].equals("-")) System.clearProperty(p[0]);
            else System.setProperty(p[0], p[1]);
        }
        return io.reqprof.agent.Profiler.start();
    }

    private static FileTime modified(Path flag) throws java.io.IOException {
        try {
            return Files.getLastModifiedTime(flag);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
