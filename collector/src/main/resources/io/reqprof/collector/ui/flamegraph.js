// Canvas flame graph for the collector UI. Same data layout and drawing approach as core's
// HtmlFlameGraph (pre-order name/total/depth triples drawn on a canvas, which stays fast with tens of
// thousands of frames), extended with diff mode (name/a/b/depth quadruples), focus and hidden frames.
(function () {
  'use strict';
  var ROW = 17;

  // Rebuilds the tree from the flat arrays; in diff mode each node carries a and b.
  function build(data, diff) {
    var step = diff ? 4 : 3, path = [], nodes = [];
    for (var i = 0; i < data.nodes.length; i += step) {
      var depth = data.nodes[i + step - 1];
      var n = { name: data.names[data.nodes[i]], a: data.nodes[i + 1], b: diff ? data.nodes[i + 2] : 0,
                depth: depth, parent: depth > 0 ? path[depth - 1] : null, children: [] };
      if (n.parent) n.parent.children.push(n);
      path[depth] = n;
      nodes.push(n);
    }
    return nodes.length ? nodes[0] : { name: 'all', a: 0, b: 0, depth: 0, parent: null, children: [] };
  }

  // Hidden frames are cut out of every stack: their children move up to their parent, merging by name.
  function hide(node, re) {
    var kids = [];
    node.children.forEach(function (c) {
      hide(c, re);
      if (re && re.test(c.name)) kids = kids.concat(c.children); else kids.push(c);
    });
    var byName = {};
    node.children = [];
    kids.forEach(function (k) {
      var same = byName[k.name];
      if (same) { same.a += k.a; same.b += k.b; same.children = same.children.concat(k.children); mergeKids(same); }
      else { byName[k.name] = k; node.children.push(k); }
      k.parent = node;
    });
  }
  function mergeKids(n) {
    var byName = {}, kids = n.children;
    n.children = [];
    kids.forEach(function (k) {
      var s = byName[k.name];
      if (s) { s.a += k.a; s.b += k.b; s.children = s.children.concat(k.children); mergeKids(s); }
      else { byName[k.name] = k; n.children.push(k); k.parent = n; }
    });
  }
  function layout(n, depth) {
    // iterative: stacks can be thousands of frames deep
    var todo = [[n, depth]], max = 0;
    while (todo.length) {
      var t = todo.pop(), x = t[0];
      x.depth = t[1];
      max = Math.max(max, x.depth);
      x.children.sort(function (p, q) { return p.name < q.name ? -1 : p.name > q.name ? 1 : 0; });
      for (var i = 0; i < x.children.length; i++) todo.push([x.children[i], t[1] + 1]);
    }
    return max;
  }

  function FlameGraph(canvas, tip) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.tip = tip;
    this.boxes = [];
    this.drawn = [];
    var self = this;
    canvas.addEventListener('mousemove', function (e) {
      var n = self.frameAt(e);
      if (n) self.showTip(n, e); else tip.style.display = 'none';
    });
    canvas.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
    canvas.addEventListener('click', function (e) {
      var n = self.frameAt(e);
      if (n) self.focus(n);
    });
    window.addEventListener('resize', function () { if (self.root) self.draw(); });
  }

  FlameGraph.prototype.set = function (data, opts) {
    this.data = data;
    this.diff = !!opts.diff;
    this.unit = opts.unit || '';
    this.hideRe = opts.hide || null;
    this.totalA = this.diff ? data.total_a : 0;
    this.totalB = this.diff ? data.total_b : 0;
    this.root = build(data, this.diff);
    if (this.hideRe) hide(this.root, this.hideRe);
    this.maxDepth = layout(this.root, 0);
    this.focused = this.root;
    this.matchRe = null;
    this.draw();
  };

  // Width of a node: its samples; in diff mode its share of A plus its share of B.
  FlameGraph.prototype.weight = function (n) {
    if (!this.diff) return n.a;
    return (this.totalA > 0 ? n.a / this.totalA : 0) + (this.totalB > 0 ? n.b / this.totalB : 0);
  };

  FlameGraph.prototype.color = function (n) {
    if (this.matchRe && this.matchRe.test(n.name)) return 'rgb(224,64,224)';
    if (this.diff) {
      var sa = this.totalA > 0 ? n.a / this.totalA : 0, sb = this.totalB > 0 ? n.b / this.totalB : 0;
      var d = sa + sb > 0 ? (sb - sa) / (sa + sb) : 0; // -1 only in A .. +1 only in B
      var k = Math.round(220 - 180 * Math.min(1, Math.abs(d)));
      if (Math.abs(d) < 0.05) return 'rgb(220,220,220)';
      return d > 0 ? 'rgb(255,' + k + ',' + k + ')' : 'rgb(' + k + ',' + k + ',255)';
    }
    var h = 0;
    for (var i = 0; i < n.name.length; i++) h = (h * 31 + n.name.charCodeAt(i)) | 0;
    return 'rgb(' + (205 + (h & 0xff) % 50) + ',' + (90 + (h >>> 8 & 0xff) % 120) + ',' + (40 + (h >>> 16 & 0xff) % 50) + ')';
  };

  FlameGraph.prototype.draw = function () {
    var canvas = this.canvas, ctx = this.ctx;
    var width = Math.max(canvas.parentNode.clientWidth, 100);
    var height = (this.maxDepth + 1) * ROW;
    var ratio = Math.min(window.devicePixelRatio || 1, 32000 / height);
    canvas.width = Math.floor(width * ratio);
    canvas.height = Math.floor(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    this.boxes = [];
    this.drawn = [];
    var total = this.weight(this.focused);
    if (!(total > 0)) {
      ctx.fillStyle = '#777';
      ctx.fillText('No samples in this selection.', 4, ROW / 2);
      return;
    }
    for (var p = this.focused.parent; p; p = p.parent) this.box(p, 0, width, height, true);
    var scale = width / total;
    var todo = [[this.focused, 0]];
    while (todo.length) {
      var t = todo.pop(), n = t[0], x = t[1], w = this.weight(n) * scale;
      if (w < 0.3) continue;
      this.box(n, x, w, height, false);
      for (var i = 0; i < n.children.length; i++) {
        todo.push([n.children[i], x]);
        x += this.weight(n.children[i]) * scale;
      }
    }
  };

  FlameGraph.prototype.box = function (n, x, w, height, faded) {
    var ctx = this.ctx, y = height - (n.depth + 1) * ROW;
    var fill = this.color(n);
    ctx.globalAlpha = faded ? 0.55 : 1;
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, Math.max(w - 0.5, 0.5), ROW - 1);
    if (w > 24) {
      ctx.fillStyle = '#000';
      var text = n.name, full = ctx.measureText(text).width;
      if (full > w - 6) {
        var chars = Math.floor(text.length * (w - 6) / full) - 2;
        text = chars > 0 ? text.substring(0, chars) + '..' : '';
      }
      ctx.fillText(text, x + 3, y + ROW / 2);
    }
    ctx.globalAlpha = 1;
    this.boxes.push({ n: n, x: x, y: y, w: w });
    // what tests and the console can read back: every frame drawn, with its colour and width
    this.drawn.push({ name: n.name, color: fill, width: w, x: x, y: y });
  };

  FlameGraph.prototype.frameAt = function (e) {
    var r = this.canvas.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
    for (var i = 0; i < this.boxes.length; i++) {
      var b = this.boxes[i];
      if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + ROW) return b.n;
    }
    return null;
  };

  FlameGraph.prototype.showTip = function (n, e) {
    var self = 0, lines = [n.name];
    if (this.diff) {
      lines.push('A: ' + n.a + ' ' + this.unit + ' (' + pct(n.a, this.totalA) + ')');
      lines.push('B: ' + n.b + ' ' + this.unit + ' (' + pct(n.b, this.totalB) + ')');
    } else {
      self = n.a;
      n.children.forEach(function (c) { self -= c.a; });
      lines.push('total: ' + n.a + ' ' + this.unit + ' (' + pct(n.a, this.root.a) + ')');
      lines.push('self: ' + self + ' ' + this.unit + ' (' + pct(self, this.root.a) + ')');
    }
    var tip = this.tip;
    while (tip.firstChild) tip.removeChild(tip.firstChild);
    lines.forEach(function (l) {
      var d = document.createElement('div');
      d.textContent = l; // never innerHTML: names come from profiled applications
      tip.appendChild(d);
    });
    tip.style.display = 'block';
    tip.style.left = Math.max(0, Math.min(e.clientX + 12, window.innerWidth - tip.offsetWidth - 4)) + 'px';
    tip.style.top = (e.clientY + 14) + 'px';
  };

  FlameGraph.prototype.focus = function (n) {
    this.focused = n || this.root;
    this.draw();
  };

  FlameGraph.prototype.focusByName = function (name) {
    var todo = [this.root];
    while (todo.length) {
      var n = todo.pop();
      if (n.name === name) { this.focus(n); return true; }
      for (var i = 0; i < n.children.length; i++) todo.push(n.children[i]);
    }
    return false;
  };

  // Highlights matching frames; returns their share of the root (counted once at the outermost match).
  FlameGraph.prototype.search = function (term) {
    var re = null;
    if (term) {
      try { re = new RegExp(term); } catch (e) { re = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')); }
    }
    this.matchRe = re;
    var sum = 0, root = this.root, self = this;
    if (re) {
      var todo = [[root, false]];
      while (todo.length) {
        var t = todo.pop(), n = t[0], covered = t[1], m = re.test(n.name);
        if (m && !covered) sum += self.weight(n);
        for (var i = 0; i < n.children.length; i++) todo.push([n.children[i], covered || m]);
      }
    }
    this.draw();
    return re ? sum / Math.max(this.weight(root), 1e-300) : 0;
  };

  function pct(part, whole) { return whole > 0 ? (100 * part / whole).toFixed(2) + '%' : '0%'; }

  window.ReqprofFlameGraph = FlameGraph;
})();
