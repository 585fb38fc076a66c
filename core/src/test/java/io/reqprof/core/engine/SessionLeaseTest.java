package io.reqprof.core.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionLeaseTest {

    @Test
    void leasesShareOneSessionThatClosesWithTheLastLease(@TempDir Path tmp) {
        EngineConfig config = EngineConfig.builder().tempDir(tmp).build();
        SamplingSession.Lease first = SamplingSession.acquire(config);
        SamplingSession.Lease second = SamplingSession.acquire(EngineConfig.builder().tempDir(tmp).wall(false).build());
        assertSame(first.session(), second.session(), "the second holder joins the running session");
        first.close();
        first.close();
        assertFalse(second.session().isClosed(), "one lease is still open (closing the first twice counts once)");
        second.close();
        assertTrue(second.session().isClosed(), "the last lease closes a session that leases started");
        assertTrue(SamplingSession.current().isEmpty());
    }

    @Test
    void aSessionStartedByItsOwnerOutlivesLeases(@TempDir Path tmp) {
        EngineConfig config = EngineConfig.builder().tempDir(tmp).build();
        try (SamplingSession owned = SamplingSession.start(config)) {
            SamplingSession.Lease lease = SamplingSession.acquire(config);
            assertSame(owned, lease.session());
            lease.close();
            assertFalse(owned.isClosed(), "leases never close a session they did not start");
        }
    }
}
