package io.reqprof.core.continuous;

import io.reqprof.core.engine.EngineConfig;
import io.reqprof.core.engine.EngineKind;
import io.reqprof.core.engine.SamplingSession;
import io.reqprof.core.engine.SamplingSession.Demand;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.Sample;
import jdk.jfr.FlightRecorder;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.reqprof.core.continuous.OnDemandSamplingTest.awaitTrue;
import static io.reqprof.core.continuous.OnDemandSamplingTest.burnInOnDemandWindow;
import static io.reqprof.core.continuous.ProfileProbes.daemon;
import static io.reqprof.core.continuous.ProfileProbes.has;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JFR engine pauses too: its recording stream is closed between windows and a new one opens for each. */
class OnDemandJfrTest {

    @Test
    void jfrSamplesOnlyDuringWindows(@TempDir Path tmp) throws Exception {
        EngineConfig config = EngineConfig.builder().engine(EngineKind.JFR).cpuInterval(Duration.ofMillis(10))
                .wallInterval(Duration.ofMillis(20)).chunkPeriod(Duration.ofMillis(250)).tempDir(tmp).build();
        try (SamplingSession.Lease lease = SamplingSession.acquire(config, Demand.ON_DEMAND);
             WindowAggregator windows = WindowAggregator.attach(lease.session())) {
            SamplingSession session = lease.session();
            assertEquals("jfr", session.engineInfo().engine());
            assertFalse(session.isSampling());
            assertEquals(0, runningRecordings(), "no JFR recording while paused");
            AtomicBoolean stop = new AtomicBoolean();
            Thread burner = daemon("burner", () -> {
                while (!stop.get()) burnInOnDemandWindow(10);
            });
            burner.start();
            try {
                for (int round = 0; round < 2; round++) {
                    var f = windows.collect(ProfileType.CPU, Duration.ofSeconds(1));
                    assertEquals(1, runningRecordings(), "one recording while a window is open");
                    Profile p = f.get(20, TimeUnit.SECONDS);
                    long samples = 0;
                    for (Sample s : p.samples()) if (has(s, "burnInOnDemandWindow")) samples += s.count();
                    assertTrue(samples >= 5, "round " + round + ": samples of the busy loop " + samples);
                    awaitTrue(() -> !session.isSampling(), "paused after round " + round);
                    assertEquals(0, runningRecordings(), "the stream's recording closed at the pause");
                }
            } finally {
                stop.set(true);
                burner.join(5000);
            }
        }
    }

    private static long runningRecordings() {
        return FlightRecorder.getFlightRecorder().getRecordings().stream()
                .filter(r -> r.getState() == RecordingState.RUNNING).count();
    }
}
