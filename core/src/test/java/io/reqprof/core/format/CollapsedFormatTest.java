package io.reqprof.core.format;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;

import static io.reqprof.core.format.Fixtures.MS;
import static io.reqprof.core.format.Fixtures.RUN;
import static io.reqprof.core.format.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CollapsedFormatTest {

    @Test
    void countsOneSortedLinePerCollapsedStackRootFirst() {
        assertEquals("""
                [unknown] 1
                java.lang.Thread.run;com.example.Api.handle 10
                java.lang.Thread.run;com.example.Api.handle;com.example.Burn.burnCpu 35
                java.lang.Thread.run;com.example.Fib.fib;com.example.Fib.fib;com.example.Fib.fib 4
                java.lang.Thread.run;evil:name?x 1
                """, CollapsedFormat.toCollapsed(Fixtures.profile(), SampleType.CPU));
    }

    @Test
    void valueWeightEmitsTheTypesUnit() {
        assertEquals("""
                [unknown] 10000000
                java.lang.Thread.run;com.example.Api.handle 100000000
                java.lang.Thread.run;com.example.Api.handle;com.example.Burn.burnCpu 350000000
                java.lang.Thread.run;com.example.Fib.fib;com.example.Fib.fib;com.example.Fib.fib 40000000
                java.lang.Thread.run;evil:name?x 10000000
                """, CollapsedFormat.toCollapsed(Fixtures.profile(), SampleType.CPU, CollapsedFormat.Weight.VALUE));
    }

    @Test
    void selectsTheRequestedTypeOnly() throws IOException {
        StringWriter out = new StringWriter();
        CollapsedFormat.write(Fixtures.profile(), SampleType.WALL, out);
        assertEquals("java.lang.Thread.run;com.example.Api.handle;__nanosleep 7\n", out.toString());
        assertEquals("", CollapsedFormat.toCollapsed(Fixtures.profile(), SampleType.ALLOC));
    }

    @Test
    void writerVariantMatchesStringVariant() throws IOException {
        StringWriter out = new StringWriter();
        CollapsedFormat.write(Fixtures.profile(), SampleType.CPU, CollapsedFormat.Weight.VALUE, out);
        assertEquals(CollapsedFormat.toCollapsed(Fixtures.profile(), SampleType.CPU, CollapsedFormat.Weight.VALUE), out.toString());
    }

    @Test
    void everyLineEndsWithOneSpaceAndAPositiveNumberAndHasNoStrayFrameSeparators() {
        Frame hostile = Frame.symbol("a;b\r\nc\td 99", io.reqprof.core.profile.FrameType.NATIVE);
        var p = new ProfileBuilder()
                .add(SampleType.CPU, stack(hostile, RUN), 2, 20 * MS)
                .add(SampleType.CPU, stack(Frame.symbol("", io.reqprof.core.profile.FrameType.VM)), 1, 0)
                .add(SampleType.CPU, stack(RUN), 0, 0)
                .build();
        String out = CollapsedFormat.toCollapsed(p, SampleType.CPU);
        assertEquals("""
                [unknown] 1
                java.lang.Thread.run;a:b??c?d 99 2
                """, out);
    }
}
