package io.reqprof.collector;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web UI in headless Chromium: the flame graph draws known frames on its canvas, the version
 * filter changes what is drawn, the diff colours a frame only one version has, a request dump
 * opens as a flame graph. Screenshots go to {@code target/ui-screenshots/}.
 */
class UiBrowserTest {
    @TempDir
    static Path dir;
    static ApiFixture fx;
    static Chromium chrome;
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    @BeforeAll
    static void start() throws Exception {
        assertNotNull(Chromium.binary(), "headless Chromium is needed: scripts/install-prerequisites.sh installs it");
        fx = new ApiFixture(dir);
        chrome = new Chromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chrome != null) chrome.close();
        if (fx != null) fx.close();
    }

    private void open(String hash) throws Exception {
        // a fresh page every time: a change of hash alone would leave the last view's ready flag set,
        // and the wait below could return before this view has loaded
        chrome.navigate("about:blank");
        chrome.waitFor("location.href === 'about:blank'", 10_000);
        chrome.navigate("http://127.0.0.1:" + fx.port() + "/" + hash);
        chrome.waitFor("!!window.reqprofUi && window.reqprofUi.ready && window.reqprofUi.loads > 0", 20_000);
    }

    @SuppressWarnings("unchecked")
    private static List<String> drawn() throws Exception {
        return (List<String>) chrome.eval("window.reqprofUi.graph.drawn.map(function (b) { return b.name; })");
    }

    private static String colorOf(String name) throws Exception {
        return (String) chrome.eval("(window.reqprofUi.graph.drawn.filter(function (b) { return b.name === '" + name + "'; })[0] || {}).color");
    }

    @Test
    void flameGraphRendersAndVersionFilterChangesIt() throws Exception {
        open("#view=flame&service=shop&type=CPU");
        List<String> all = drawn();
        assertTrue(all.containsAll(List.of("com.example.VersionOne.work", "com.example.VersionTwo.work", "com.example.Shared.work")), all.toString());
        // the canvas really has pixels of frames: sample one row of the bitmap for non-white colour
        Object painted = chrome.eval("(function(){var c=document.getElementById('flamegraph');var d=c.getContext('2d')"
                + ".getImageData(0,c.height-5,c.width,1).data;var n=0;for(var i=0;i<d.length;i+=4)if(d[i]<250||d[i+1]<250)n++;return n;})()");
        assertTrue(((Number) painted).intValue() > 100, "the root row should be painted: " + painted);
        Object topRows = chrome.eval("document.querySelectorAll('#top tbody tr').length");
        assertTrue(((Number) topRows).intValue() >= 4, "top table rows: " + topRows);
        chrome.screenshot(SHOTS.resolve("flame.png"));

        open("#view=flame&service=shop&type=CPU&version=1");
        List<String> v1 = drawn();
        assertTrue(v1.contains("com.example.VersionOne.work"), v1.toString());
        assertFalse(v1.contains("com.example.VersionTwo.work"), "version 1 must not show version 2's frame: " + v1);

        // search highlights, focus narrows, hide removes a frame
        Object share = chrome.eval("window.reqprofUi.graph.search('VersionOne')");
        assertEquals(0.5, ((Number) share).doubleValue(), 0.001);
        assertEquals("rgb(224,64,224)", colorOf("com.example.VersionOne.work"));
        chrome.eval("window.reqprofUi.graph.focusByName('com.example.Shared.work')");
        assertFalse(drawn().contains("com.example.VersionOne.work"), "focus on Shared.work hides its siblings");
        open("#view=flame&service=shop&type=CPU&version=1&hide=Server%5C.handle");
        List<String> hidden = drawn();
        assertFalse(hidden.contains("com.example.Server.handle"), hidden.toString());
        assertTrue(hidden.contains("com.example.VersionOne.work"), "callees of a hidden frame stay");
    }

    @Test
    void diffViewColoursFramesOnlyOneVersionHas() throws Exception {
        open("#view=diff&service=shop&type=CPU&version=1&vb=2");
        List<String> names = drawn();
        assertTrue(names.containsAll(List.of("com.example.VersionOne.work", "com.example.VersionTwo.work")), names.toString());
        String onlyB = colorOf("com.example.VersionTwo.work");
        String onlyA = colorOf("com.example.VersionOne.work");
        assertEquals("rgb(255,40,40)", onlyB, "a frame only B has is fully red");
        assertEquals("rgb(40,40,255)", onlyA, "a frame only A has is fully blue");
        chrome.screenshot(SHOTS.resolve("diff.png"));
    }

    @Test
    void requestDumpBrowserOpensADumpAsFlameGraph() throws Exception {
        open("#view=dumps");
        chrome.waitFor("document.querySelectorAll('#dump-list tbody tr').length === 1", 10_000); // /health's file is gone: not listed
        assertEquals("/checkout", chrome.eval("document.querySelector('#dump-list tbody tr td:nth-child(3)').textContent"));
        chrome.eval("document.querySelector('a.open-dump').click()");
        chrome.waitFor("location.hash.indexOf('view=dump&') >= 0", 5_000);
        chrome.waitFor("window.reqprofUi.ready && window.reqprofUi.graph.drawn.some(function (b) { return b.name === 'com.example.Checkout.pay'; })", 10_000);
        chrome.screenshot(SHOTS.resolve("dump.png"));
        assertTrue(Files.size(SHOTS.resolve("dump.png")) > 1000);
    }
}
