package io.reqprof.core.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTest {

    @Test
    void hiddenClassAddressesAreRemovedSoRunsMerge() {
        assertEquals("com.example.App$$Lambda", Frame.jvmClassName("com/example/App$$Lambda$40.0x00007f0d0c01e438"));
        assertEquals("com.example.App$$Lambda", Frame.jvmClassName("com.example.App$$Lambda$12/0x0000000800c0b448"));
        assertEquals("java.lang.invoke.LambdaForm$MH", Frame.jvmClassName("java/lang/invoke/LambdaForm$MH.0x0000000800c10000"));
        assertEquals("com.example.Plain$Inner", Frame.jvmClassName("com/example/Plain$Inner"));
        assertEquals("", Frame.jvmClassName(null));
    }

    @Test
    void functionNameJoinsClassAndMethodForJvmFramesOnly() {
        assertEquals("com.example.A.run", Frame.java("com.example.A", "run", 3).functionName());
        assertEquals("memcpy", Frame.symbol("memcpy", FrameType.NATIVE).functionName());
        assertEquals("com.example.A.run:3", Frame.java("com.example.A", "run", 3).toString());
    }
}
