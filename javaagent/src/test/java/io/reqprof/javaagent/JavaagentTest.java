package io.reqprof.javaagent;

import io.reqprof.collector.Collector;
import io.reqprof.collector.CollectorConfig;
import io.reqprof.collector.store.ProfileQuery;
import io.reqprof.collector.store.StoredProfile;
import io.reqprof.core.pprof.PprofDecoder;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent jar as a user runs it: {@code java -javaagent:reqprof-agent.jar=... -jar app.jar}, an
 * application with no reqprof code and its own grpc, protobuf and Guava, uploading to a real
 * collector. Runs after {@code package}, on the jar this module builds.
 */
class JavaagentTest {
    private static final Path AGENT_JAR = Path.of(System.getProperty("reqprof.test.agent-jar"));
    private static final Path APP_LIB = Path.of(System.getProperty("reqprof.test.app-lib"));

    @TempDir
    Path dir;

    @Test
    void anApplicationWithItsOwnGrpcIsProfiledWithNoCodeChange() throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder().grpcPort(0).httpPort(0).dataDir(dir.resolve("data"))
                .period(Duration.ofSeconds(2)).profileDuration(Duration.ofSeconds(2)).build())) {
            // the target from the environment, the rest from the agent's arguments
            Process app = java(Map.of("REQPROF_TARGET", "grpc://127.0.0.1:" + collector.grpcPort()),
                    "-javaagent:" + AGENT_JAR + "=service=plain-app,labels=team=search;tier=free", "-jar", appJar().toString(), "60");
            Output out = new Output(app);
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long inWork = 0;
                while (System.nanoTime() < deadline && inWork == 0 && app.isAlive()) {
                    Thread.sleep(500);
                    inWork = cpuIn(collector, "plain-app", "PlainApp");
                }
                String printed = out.text();
                assertTrue(inWork > 0, "a CPU profile of plain-app with samples in PlainApp.work arrived: " + printed);
                assertTrue(printed.contains("continuous profiling of service 'plain-app'"), "the agent's start line: " + printed);
                assertTrue(printed.matches("(?s).*app grpc from \\S*/app-lib/grpc-api-[0-9.]+\\.jar.*"), "the app's own grpc: " + printed);
                assertTrue(printed.matches("(?s).*app protobuf from \\S*/app-lib/protobuf-java-"
                        + java.util.regex.Pattern.quote(System.getProperty("reqprof.test.app-protobuf")) + "\\.jar.*"),
                        "the app's own protobuf: " + printed);
                assertTrue(printed.contains("app uses them: DEADLINE_EXCEEDED 2 bytes"), printed);
                assertFalse(printed.matches("(?s).*(NoSuchMethodError|NoClassDefFoundError|LinkageError|ClassCastException).*"), printed);
                StoredProfile stored = collector.store().query(new ProfileQuery("plain-app", "CPU", null, null, Map.of(), 0, 0, 0)).get(0);
                assertEquals("search", stored.deploymentLabels().get("team"), "labels from the agent's arguments: " + stored);
                assertEquals("free", stored.deploymentLabels().get("tier"));
            } finally {
                app.destroyForcibly();
                app.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void anInvalidSettingStopsTheStartNamingIt() throws Exception {
        Process app = java(Map.of(), "-javaagent:" + AGENT_JAR + "=service=Not_A_Valid_Name!,target=grpc://127.0.0.1:1", "-jar",
                appJar().toString(), "1");
        Output out = new Output(app);
        assertTrue(app.waitFor(60, TimeUnit.SECONDS), out.text());
        String printed = out.text();
        assertTrue(app.exitValue() != 0, "the JVM does not start the application: " + printed);
        assertTrue(printed.contains("reqprof.service: must match"), "the setting and its rule: " + printed);
        assertFalse(printed.contains("app grpc from"), "main never ran: " + printed);
    }

    @Test
    void theJarHoldsOnlyReqprofAndAsyncProfilerUnderTheirOwnNames() throws IOException {
        Set<String> tops = new TreeSet<>();
        try (JarFile jar = new JarFile(AGENT_JAR.toFile())) {
            assertEquals(ReqprofAgent.class.getName(), jar.getManifest().getMainAttributes().getValue("Premain-Class"));
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/")) continue;
                String[] parts = name.split("/");
                tops.add(parts.length > 2 ? parts[0] + "/" + parts[1] : parts[0]);
            }
        }
        for (String top : tops) {
            assertTrue(top.equals("io/reqprof") || top.startsWith("one/"), "a class outside io/reqprof (and async-profiler's one/): " + top
                    + " in " + tops);
        }
    }

    /** app.jar: PlainApp, with its own libraries on the manifest's class path. */
    private Path appJar() throws IOException {
        Path jar = dir.resolve("app.jar");
        if (Files.exists(jar)) return jar;
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, PlainApp.class.getName());
        List<String> libs = new ArrayList<>();
        try (Stream<Path> files = Files.list(APP_LIB)) {
            files.sorted().forEach(p -> libs.add(p.toUri().toString()));
        }
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", libs));
        String entry = PlainApp.class.getName().replace('.', '/') + ".class";
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os, m);
             InputStream in = PlainApp.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static Process java(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().keySet().removeIf(k -> k.startsWith("REQPROF_"));
        b.environment().putAll(env);
        return b.start();
    }

    /** CPU samples in {@code className} over every stored CPU profile of {@code service}. */
    private static long cpuIn(Collector collector, String service, String className) throws IOException {
        long n = 0;
        for (StoredProfile p : collector.store().query(new ProfileQuery(service, "CPU", null, null, Map.of(), 0, 0, 0))) {
            Profile profile = PprofDecoder.decode(collector.store().read(p.id()).orElseThrow());
            for (Sample s : profile.samples(SampleType.CPU)) {
                if (s.stack().frames().stream().anyMatch(f -> f.className().endsWith(className))) n += s.count();
            }
        }
        return n;
    }

    /** Everything a child process prints, read as it goes so that its pipe never fills. */
    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Output(Process p) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try (InputStream in = p.getInputStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buf, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "child-output");
            t.setDaemon(true);
            t.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
