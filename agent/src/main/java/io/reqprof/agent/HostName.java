package io.reqprof.agent;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** The host name for the {@code instance} label, read without a DNS lookup where possible. */
final class HostName {
    private HostName() {
    }

    static String get(Function<String, String> env) {
        String h = env.apply("HOSTNAME");
        if (h != null && !h.isBlank()) return h.trim();
        try {
            // Linux: the kernel's host name, no resolver involved (getLocalHost can block on DNS)
            Path p = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(p)) {
                String v = Files.readString(p).trim();
                if (!v.isEmpty()) return v;
            }
        } catch (Exception e) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }
}
