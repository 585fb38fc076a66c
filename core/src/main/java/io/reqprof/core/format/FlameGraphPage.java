package io.reqprof.core.format;

/**
 * The static parts of {@link HtmlFlameGraph}'s page. The script reads its data from the
 * {@code flamegraph-data} JSON element and draws on a canvas, which stays fast with tens of
 * thousands of frames where one DOM element per frame would not. It contains no backslashes,
 * so the Java text block holds it verbatim.
 */
final class FlameGraphPage {
    private FlameGraphPage() {
    }

    static final String CSS = """
            body { margin: 0; font: 13px system-ui, sans-serif; color: #222; background: #fff; }
            header { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; padding: 8px 12px; border-bottom: 1px solid #ddd; }
            h1 { font-size: 15px; margin: 0; flex: 1 1 auto; word-break: break-all; }
            #matched { color: #a020a0; font-weight: bold; }
            .hint { margin: 4px 12px; color: #777; font-size: 12px; }
            #chart { margin: 0 12px 12px; }
            canvas { display: block; cursor: pointer; }
            #tip { position: fixed; display: none; pointer-events: none; max-width: 60%; padding: 4px 8px;
                   background: #fffbe6; border: 1px solid #b8a860; font-size: 12px; word-break: break-all; }
            """;

    static final String SCRIPT = """
            (function () {
              'use strict';
              var ROW = 17;
              var data = JSON.parse(document.getElementById('flamegraph-data').textContent);

              // The tree arrives as pre-order (name index, total, depth) triples; rebuild the links.
              var nodes = [], path = [], maxDepth = 0;
              for (var i = 0; i < data.nodes.length; i += 3) {
                var depth = data.nodes[i + 2];
                var node = { name: data.names[data.nodes[i]], total: data.nodes[i + 1], depth: depth,
                             parent: depth > 0 ? path[depth - 1] : null, children: [], x: 0,
                             match: false, covered: false };
                if (node.parent) node.parent.children.push(node);
                path[depth] = node;
                nodes.push(node);
                maxDepth = Math.max(maxDepth, depth);
              }
              var root = nodes[0];
              // x counts the samples left of a node in the whole tree, so zooming only rescales.
              nodes.forEach(function (n) {
                var x = n.x;
                n.children.forEach(function (c) { c.x = x; x += c.total; });
              });

              var canvas = document.getElementById('flamegraph');
              var ctx = canvas.getContext('2d');
              var tip = document.getElementById('tip');
              var search = document.getElementById('search');
              var matched = document.getElementById('matched');
              var zoomed = root;
              var boxes = [];

              function percent(part, whole) {
                return whole > 0 ? (100 * part / whole).toFixed(2) + '%' : '0%';
              }

              // A warm color that depends only on the name, so a function keeps its color when zooming.
              function color(name) {
                var h = 0;
                for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
                return 'rgb(' + (205 + (h & 0xff) % 50) + ',' + (90 + (h >>> 8 & 0xff) % 120) + ','
                    + (40 + (h >>> 16 & 0xff) % 50) + ')';
              }

              function fit(text, width) {
                var full = ctx.measureText(text).width;
                if (full <= width) return text;
                var chars = Math.floor(text.length * width / full) - 2;
                return chars > 0 ? text.substring(0, chars) + '..' : '';
              }

              function box(n, x, w, height, faded) {
                var y = height - (n.depth + 1) * ROW;
                ctx.globalAlpha = faded ? 0.55 : 1;
                ctx.fillStyle = n.match ? '#e040e0' : color(n.name);
                ctx.fillRect(x, y, Math.max(w - 0.5, 0.5), ROW - 1);
                if (w > 24) {
                  ctx.fillStyle = '#000';
                  ctx.fillText(fit(n.name, w - 6), x + 3, y + ROW / 2);
                }
                ctx.globalAlpha = 1;
                boxes.push({ n: n, x: x, y: y, w: w });
              }

              function draw() {
                var width = Math.max(canvas.parentNode.clientWidth, 100);
                var height = (maxDepth + 1) * ROW;
                // Browsers refuse canvases much taller than 32k pixels; deep stacks get a coarser bitmap.
                var ratio = Math.min(window.devicePixelRatio || 1, 32000 / height);
                canvas.width = Math.floor(width * ratio);
                canvas.height = Math.floor(height * ratio);
                canvas.style.width = width + 'px';
                canvas.style.height = height + 'px';
                ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
                ctx.font = '12px system-ui, sans-serif';
                ctx.textBaseline = 'middle';
                boxes = [];
                if (root.total <= 0) {
                  ctx.fillStyle = '#777';
                  ctx.fillText('No samples of this type.', 4, ROW / 2);
                  return;
                }
                // The zoomed frame's callers span the whole width, as in flamegraph.pl.
                for (var a = zoomed.parent; a; a = a.parent) box(a, 0, width, height, true);
                var scale = width / zoomed.total;
                var todo = [zoomed];
                while (todo.length > 0) {
                  var n = todo.pop();
                  var w = n.total * scale;
                  if (w < 0.3) continue; // invisible, and so are its callees
                  box(n, (n.x - zoomed.x) * scale, w, height, false);
                  for (var k = 0; k < n.children.length; k++) todo.push(n.children[k]);
                }
              }

              function frameAt(event) {
                var r = canvas.getBoundingClientRect();
                var x = event.clientX - r.left, y = event.clientY - r.top;
                for (var i = 0; i < boxes.length; i++) {
                  var b = boxes[i];
                  if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + ROW) return b.n;
                }
                return null;
              }

              function showTip(n, event) {
                var self = n.total;
                n.children.forEach(function (c) { self -= c.total; });
                var lines = [n.name,
                  n.total + ' ' + data.unit + ' (' + percent(n.total, root.total) + ')'
                      + (zoomed !== root ? ', ' + percent(n.total, zoomed.total) + ' of the zoomed frame' : ''),
                  'self: ' + self + ' ' + data.unit + ' (' + percent(self, root.total) + ')'];
                // textContent, never innerHTML: names come from the profiled application.
                while (tip.firstChild) tip.removeChild(tip.firstChild);
                lines.forEach(function (line) {
                  var div = document.createElement('div');
                  div.textContent = line;
                  tip.appendChild(div);
                });
                tip.style.display = 'block';
                tip.style.left = Math.max(0, Math.min(event.clientX + 12, window.innerWidth - tip.offsetWidth - 4)) + 'px';
                tip.style.top = (event.clientY + 14) + 'px';
              }

              // A search term is a regular expression when it parses as one, else plain text.
              function matcher(term) {
                if (!term) return null;
                try {
                  var re = new RegExp(term);
                  return function (name) { return re.test(name); };
                } catch (e) {
                  return function (name) { return name.indexOf(term) >= 0; };
                }
              }

              function highlight(term) {
                var matches = matcher(term);
                var sum = 0;
                nodes.forEach(function (n) {
                  n.match = matches !== null && matches(n.name);
                  // Samples under a matching frame are counted once, at the outermost match.
                  n.covered = n.parent !== null && (n.parent.match || n.parent.covered);
                  if (n.match && !n.covered) sum += n.total;
                });
                matched.textContent = matches ? 'Matched: ' + percent(sum, root.total) : '';
                return sum;
              }

              canvas.addEventListener('mousemove', function (e) {
                var n = frameAt(e);
                if (n) showTip(n, e); else tip.style.display = 'none';
              });
              canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
              canvas.addEventListener('click', function (e) {
                var n = frameAt(e);
                if (n) { zoomed = n; draw(); }
              });
              document.getElementById('reset').addEventListener('click', function () { zoomed = root; draw(); });
              search.addEventListener('input', function () { highlight(search.value); draw(); });
              window.addEventListener('resize', draw);
              draw();
              // For tests and the browser console: window.reqprofFlameGraph.highlight('regex') returns matched samples.
              window.reqprofFlameGraph = { root: root, highlight: highlight };
            })();
            """;
}
