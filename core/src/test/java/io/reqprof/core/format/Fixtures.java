package io.reqprof.core.format;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import io.reqprof.core.profile.StackTrace;

/**
 * A handcrafted profile whose numbers the format tests check by hand. CPU, 51 samples:
 * <pre>
 * run;handle;burnCpu    30 (line 42) + 5 (line 43): merge to 35
 * run;handle            10
 * run;fib;fib;fib        4 (recursive: fib's total is 4, not 12)
 * run;"evil;name\nx"     1
 * (empty stack)          1
 * </pre>
 * WALL, 7 samples: run;handle;__nanosleep.
 */
final class Fixtures {
    static final Frame RUN = Frame.java("java.lang.Thread", "run", 0);
    static final Frame HANDLE = Frame.java("com.example.Api", "handle", 10);
    static final Frame BURN = Frame.java("com.example.Burn", "burnCpu", 42);
    static final Frame BURN_43 = Frame.java("com.example.Burn", "burnCpu", 43);
    static final Frame FIB = Frame.java("com.example.Fib", "fib", 7);
    static final Frame EVIL = Frame.symbol("evil;name\nx", FrameType.NATIVE);
    static final Frame SLEEP = Frame.symbol("__nanosleep", FrameType.NATIVE);

    static final long MS = 1_000_000;

    private Fixtures() {
    }

    static StackTrace stack(Frame... leafFirst) {
        return StackTrace.ofLeafFirst(leafFirst);
    }

    static Profile profile() {
        return new ProfileBuilder()
                .period(SampleType.CPU, 10 * MS)
                .period(SampleType.WALL, 50 * MS)
                .add(SampleType.CPU, stack(BURN, HANDLE, RUN), 30, 300 * MS)
                .add(SampleType.CPU, stack(BURN_43, HANDLE, RUN), 5, 50 * MS)
                .add(SampleType.CPU, stack(HANDLE, RUN), 10, 100 * MS)
                .add(SampleType.CPU, stack(FIB, FIB, FIB, RUN), 4, 40 * MS)
                .add(SampleType.CPU, stack(EVIL, RUN), 1, 10 * MS)
                .add(SampleType.CPU, stack(), 1, 10 * MS)
                .add(SampleType.WALL, stack(SLEEP, HANDLE, RUN), 7, 350 * MS)
                .build();
    }

    /** Wall samples only, though CPU has a period. */
    static Profile wallOnly() {
        return new ProfileBuilder()
                .period(SampleType.CPU, 10 * MS)
                .period(SampleType.WALL, 50 * MS)
                .add(SampleType.WALL, stack(SLEEP, HANDLE, RUN), 7, 350 * MS)
                .build();
    }
}
