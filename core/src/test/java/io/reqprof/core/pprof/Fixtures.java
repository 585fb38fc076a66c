package io.reqprof.core.pprof;

import io.reqprof.core.profile.EngineInfo;
import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

import java.time.Duration;
import java.util.Map;

/** Handcrafted profiles shared by the pprof tests. */
final class Fixtures {
    static final long START = 1_700_000_000_123_456_789L;
    static final long DURATION = 2_500_000_000L;

    static final Frame BURN = new Frame("com.example.Burn", "burnCpu", "Burn.java", 42, FrameType.JAVA);
    static final Frame BURN_OTHER_LINE = new Frame("com.example.Burn", "burnCpu", "Burn.java", 43, FrameType.JAVA);
    static final Frame HANDLE = Frame.java("com.example.Api", "handle", 10);
    static final Frame RUN = Frame.java("java.lang.Thread", "run", 0);
    static final Frame SLEEP = Frame.symbol("__nanosleep", FrameType.NATIVE);
    static final Frame GC = Frame.symbol("G1ParTask::work", FrameType.VM);
    static final Frame SYSCALL = Frame.symbol("do_syscall_64", FrameType.KERNEL);
    static final Frame INLINED = new Frame("java.util.HashMap", "hash", "", 339, FrameType.INLINED);

    static final EngineInfo ENGINE = new EngineInfo("async-profiler", "4.6", "perf_events",
            Duration.ofMillis(10), Duration.ofMillis(50), 524288, Duration.ofMillis(1));

    private Fixtures() {
    }

    static StackTrace stack(Frame... leafFirst) {
        return StackTrace.ofLeafFirst(leafFirst);
    }

    /** CPU only: 30 samples in burnCpu, 10 in handle itself. */
    static Profile cpuOnly() {
        return new ProfileBuilder()
                .period(SampleType.CPU, 10_000_000)
                .startEpochNanos(START).durationNanos(DURATION)
                .add(SampleType.CPU, stack(BURN, HANDLE, RUN), 30, 300_000_000)
                .add(SampleType.CPU, stack(HANDLE, RUN), 10, 100_000_000)
                .build();
    }

    /** All four types, every frame kind, labels, engine and comments. */
    static Profile allTypes() {
        return new ProfileBuilder()
                .period(SampleType.CPU, 10_000_000)
                .period(SampleType.WALL, 50_000_000)
                .period(SampleType.ALLOC, 524_288)
                .period(SampleType.LOCK, 1_000_000)
                .startEpochNanos(START).durationNanos(DURATION)
                .engine(ENGINE)
                .comment("request GET /api/x")
                .add(SampleType.CPU, stack(BURN, HANDLE, RUN), 30, 300_000_000, Map.of("route", "/api/{x}"))
                .add(SampleType.CPU, stack(BURN_OTHER_LINE, HANDLE, RUN), 5, 50_000_000, Map.of("route", "/api/{x}"))
                .add(SampleType.CPU, stack(INLINED, HANDLE, RUN), 2, 20_000_000)
                .add(SampleType.CPU, stack(GC), 1, 10_000_000)
                .add(SampleType.WALL, stack(SYSCALL, SLEEP, HANDLE, RUN), 7, 350_000_000, Map.of("thread", "worker-1", "route", "/api/{x}"))
                .add(SampleType.ALLOC, stack(HANDLE, RUN), 3, 1_572_864)
                .add(SampleType.LOCK, stack(HANDLE, RUN), 1, 4_000_000)
                .add(SampleType.CPU, stack(), 1, 10_000_000)
                .build();
    }
}
