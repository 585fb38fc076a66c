package io.reqprof.collector.store;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Run in a child JVM by {@link ProfileStoreTest}: stores profiles as fast as it can, printing each acknowledged id, until killed. */
public final class StoreCrashChild {
    private StoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        byte[] profile = java.util.Base64.getDecoder().decode(args[1]);
        try (ProfileStore store = ProfileStore.open(Path.of(args[0]), Duration.ZERO, 0)) {
            for (int i = 0; ; i++) {
                StoredProfile p = store.put(new NewProfile("crash-project", "crash", Map.of("version", "v" + (i % 3)), "CPU",
                        Map.of("n", Integer.toString(i)), System.currentTimeMillis(), 10_000_000_000L, "grpc", profile));
                System.out.println("ACK " + p.id());
                System.out.flush();
            }
        }
    }
}
