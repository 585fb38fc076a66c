package io.reqprof.core.format;

import io.reqprof.core.profile.SampleType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the flame graph's script under Node.js with a minimal fake DOM: the page must build the
 * tree, compute search percentages, zoom on click and fill the tooltip. Skipped without node.
 */
class HtmlFlameGraphScriptTest {
    @TempDir
    Path tmp;

    /** Fake DOM: a 1000 px wide chart whose canvas records the text it draws. */
    private static final String HARNESS = """
            const listeners = {}, drawn = [];
            function element(id) {
              return { id, style: {}, children: [], textContent: '', offsetWidth: 100, clientWidth: 1000,
                addEventListener(type, fn) { listeners[id + ':' + type] = fn; },
                appendChild(c) { this.children.push(c); this.firstChild = this.children[0]; },
                removeChild(c) { this.children.splice(this.children.indexOf(c), 1); this.firstChild = this.children[0]; },
                getBoundingClientRect() { return { left: 0, top: 0 }; },
                getContext() { return ctx; } };
            }
            const ctx = { setTransform() {}, fillRect() {}, fillText(t) { drawn.push(t); },
                          measureText(t) { return { width: t.length * 6 }; } };
            const elements = {};
            globalThis.document = {
              getElementById(id) {
                if (!elements[id]) elements[id] = element(id);
                if (id === 'flamegraph') elements[id].parentNode = element('chart');
                return elements[id];
              },
              createElement() { return element('div'); } };
            globalThis.window = globalThis;
            globalThis.devicePixelRatio = 1;
            globalThis.innerWidth = 1200;
            globalThis.addEventListener = (type, fn) => { listeners['window:' + type] = fn; };
            document.getElementById('flamegraph-data').textContent = require('fs').readFileSync(process.argv[2], 'utf8');
            require(process.argv[3]);

            const fg = window.reqprofFlameGraph, out = {};
            out.rootTotal = fg.root.total;
            out.fib = fg.highlight('Fib');
            out.example = fg.highlight('com[.]example');
            out.badRegex = fg.highlight('fib(');
            out.literal = fg.highlight('name');
            elements.search.value = 'Burn';
            listeners['search:input']();
            out.matchedText = elements.matched.textContent;
            // rows are 17 px, root at the bottom of 5 rows; fib (depth 2) spans x 882..960
            drawn.length = 0;
            listeners['flamegraph:click']({ clientX: 900, clientY: 40 });
            out.drawnAfterZoom = [...new Set(drawn)].sort();
            listeners['flamegraph:mousemove']({ clientX: 10, clientY: 5 });
            out.tip = elements.tip.children.map(c => c.textContent);
            listeners['reset:click']();
            out.drawnAfterReset = drawn.includes('com.example.Burn.burnCpu');
            console.log(JSON.stringify(out));
            """;

    @Test
    void scriptBuildsTreeSearchesZoomsAndShowsTooltip() throws Exception {
        assumeTrue(nodeAvailable(), "node is not on the PATH");
        String html = HtmlFlameGraph.render(Fixtures.profile(), SampleType.CPU, "t");
        Path data = tmp.resolve("data.json");
        Files.writeString(data, HtmlFlameGraphTest.data(html));
        Matcher m = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        Path script = tmp.resolve("page.js");
        Files.writeString(script, m.group(1));
        Path harness = tmp.resolve("harness.js");
        Files.writeString(harness, HARNESS);

        Path out = tmp.resolve("out.txt");
        Process p = new ProcessBuilder("node", harness.toString(), data.toString(), script.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node finished");
        String result = Files.readString(out, StandardCharsets.UTF_8).trim();
        assertEquals(0, p.exitValue(), result);

        assertTrue(result.contains("\"rootTotal\":51"), result);
        assertTrue(result.contains("\"fib\":4"), "recursive matches count once: " + result);
        assertTrue(result.contains("\"example\":49"), "handle (45, includes burnCpu) + fib (4): " + result);
        assertTrue(result.contains("\"badRegex\":0"), "an invalid regex falls back to text: " + result);
        assertTrue(result.contains("\"literal\":1"), result);
        assertTrue(result.contains("\"matchedText\":\"Matched: 68.63%\""), result);
        assertTrue(result.contains("\"drawnAfterZoom\":[\"all\",\"com.example.Fib.fib\",\"java.lang.Thread.run\"]"), result);
        assertTrue(result.contains("\"tip\":[\"com.example.Fib.fib\",\"4 samples (7.84%), 100.00% of the zoomed frame\","
                + "\"self: 4 samples (7.84%)\"]"), result);
        assertTrue(result.contains("\"drawnAfterReset\":true"), result);
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
