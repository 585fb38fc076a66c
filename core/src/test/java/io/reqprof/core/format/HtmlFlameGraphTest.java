package io.reqprof.core.format;

import io.reqprof.core.profile.Frame;
import io.reqprof.core.profile.FrameType;
import io.reqprof.core.profile.Profile;
import io.reqprof.core.profile.ProfileBuilder;
import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.reqprof.core.format.Fixtures.HANDLE;
import static io.reqprof.core.format.Fixtures.RUN;
import static io.reqprof.core.format.Fixtures.stack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlFlameGraphTest {
    static final String HOSTILE = "</script><script>alert(1)</script><!--";

    @Test
    void isOneSelfContainedFileWithoutExternalReferences() {
        String html = HtmlFlameGraph.render(Fixtures.profile(), SampleType.CPU, "CPU of GET /api/x");
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertEquals(1, count(html, "<html"));
        assertTrue(html.trim().endsWith("</html>"));
        for (String external : new String[] {"http://", "https://", "//cdn", " src=", "<link", "@import", "url(", "@font-face"}) {
            assertFalse(html.contains(external), "must not reference external resources: " + external);
        }
        assertTrue(html.contains("default-src 'none'"), "CSP forbids network access");
        assertTrue(html.contains("<canvas id=\"flamegraph\">"));
        assertTrue(html.contains("<input id=\"search\""));
        assertTrue(html.contains("<button id=\"reset\""));
    }

    @Test
    void embedsTheMergedTreeInPreOrder() {
        String data = data(HtmlFlameGraph.render(Fixtures.profile(), SampleType.CPU, "t"));
        assertEquals("{\"type\":\"cpu\",\"unit\":\"samples\",\"names\":[\"all\",\"java.lang.Thread.run\","
                + "\"com.example.Api.handle\",\"com.example.Burn.burnCpu\",\"com.example.Fib.fib\",\"evil;name\\u000ax\"],"
                + "\"nodes\":[0,51,0,1,50,1,2,45,2,3,35,3,4,4,2,4,4,3,4,4,4,5,1,2]}", data);
    }

    @Test
    void hostileFunctionNameAndTitleCannotBreakOut() {
        Profile p = new ProfileBuilder()
                .add(SampleType.CPU, stack(Frame.symbol(HOSTILE, FrameType.NATIVE), RUN), 3, 30)
                .add(SampleType.CPU, stack(Frame.java("a.B\"'&", "c\u2028", 1)), 1, 10)
                .build();
        String html = HtmlFlameGraph.render(p, SampleType.CPU, "<img onerror=alert(2)>&\"x\"");

        // only our own two script elements open and close
        assertEquals(2, count(html, "<script"));
        assertEquals(2, count(html, "</script>"));
        assertFalse(html.contains("alert(1)</script>"));
        assertFalse(html.contains("<!--"), "a comment opener would change how the script element is parsed");
        assertTrue(html.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\\u003c!--"));
        assertTrue(html.contains("\"a.B\\\"'\\u0026.c\\u2028\""), data(html));

        assertFalse(html.contains("<img"));
        assertTrue(html.contains("<title>&lt;img onerror=alert(2)&gt;&amp;&quot;x&quot;</title>"));
    }

    @Test
    void defaultTypeIsCpuWithSamplesElseWall() {
        assertTrue(data(HtmlFlameGraph.render(Fixtures.profile(), "t")).startsWith("{\"type\":\"cpu\""));
        assertTrue(data(HtmlFlameGraph.render(Fixtures.wallOnly(), "t")).startsWith("{\"type\":\"wall\""));
        Profile lockOnly = new ProfileBuilder().period(SampleType.CPU, 1).add(SampleType.LOCK, stack(HANDLE), 1, 5).build();
        assertTrue(data(HtmlFlameGraph.render(lockOnly, "t")).startsWith("{\"type\":\"delay\""));
        Profile empty = new ProfileBuilder().period(SampleType.WALL, 1).build();
        assertEquals("{\"type\":\"wall\",\"unit\":\"samples\",\"names\":[\"all\"],\"nodes\":[0,0,0]}",
                data(HtmlFlameGraph.render(empty, "t")));
    }

    @Test
    void headerShowsSampleCountAndEstimate() {
        String html = HtmlFlameGraph.render(Fixtures.profile(), SampleType.WALL, "t");
        assertTrue(html.contains("<span>7 wall samples, estimated 350.0 ms</span>"));
    }

    @Test
    void deepStacksDoNotOverflow() {
        Frame[] frames = new Frame[20_000];
        for (int i = 0; i < frames.length; i++) frames[i] = Frame.java("Deep", "f" + (i % 3), i);
        String data = data(HtmlFlameGraph.render(new ProfileBuilder().add(SampleType.CPU, stack(frames), 1, 1).build(), "t"));
        assertTrue(data.endsWith(",1,20000]}"), data.substring(data.length() - 40));
    }

    static String data(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"flamegraph-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "data element present");
        return m.group(1);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }
}
