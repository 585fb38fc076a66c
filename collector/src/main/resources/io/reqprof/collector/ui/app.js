// The collector UI: pick a selection, show its merged flame graph and top table, compare two
// selections, browse request dumps. State lives in the URL hash, so every view can be linked
// (and tests can open one directly). window.reqprofUi exposes the state for tests and the console.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var fg = new window.ReqprofFlameGraph($('flamegraph'), $('tip'));
  var ui = window.reqprofUi = { graph: fg, loads: 0, ready: false, services: [], last: null, error: null };

  function params() {
    var p = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf('=');
      p[decodeURIComponent(i < 0 ? kv : kv.substring(0, i))] = i < 0 ? '' : decodeURIComponent(kv.substring(i + 1));
    });
    return p;
  }
  function setHash(p) {
    var parts = [];
    Object.keys(p).forEach(function (k) { if (p[k] !== undefined && p[k] !== '') parts.push(encodeURIComponent(k) + '=' + encodeURIComponent(p[k])); });
    var h = '#' + parts.join('&');
    if (location.hash !== h) location.hash = h; else route();
  }
  function status(text, error) {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
    ui.error = error ? text : null;
  }
  function get(url) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + r.status);
        return body;
      });
    });
  }
  function fill(select, values, chosen, anyLabel) {
    while (select.firstChild) select.removeChild(select.firstChild);
    if (anyLabel !== null) values = [''].concat(values);
    values.forEach(function (v) {
      var o = document.createElement('option');
      o.value = v;
      o.textContent = v === '' ? anyLabel : v;
      select.appendChild(o);
    });
    if (chosen !== undefined && values.indexOf(chosen) >= 0) select.value = chosen;
  }
  function serviceInfo(name) {
    for (var i = 0; i < ui.services.length; i++) if (ui.services[i].service === name) return ui.services[i];
    return null;
  }
  function fillFacets(p) {
    var s = serviceInfo($('service').value) || { types: [], versions: [], zones: [] };
    fill($('type'), s.types, p.type || (s.types.indexOf('CPU') >= 0 ? 'CPU' : s.types[0]), null);
    fill($('version'), s.versions, p.version, '(any version)');
    fill($('version-b'), s.versions, p.vb, '(any version)');
    fill($('zone'), s.zones, p.zone, '(any zone)');
  }
  function readControls() {
    var p = params();
    p.service = $('service').value;
    p.type = $('type').value;
    p.version = $('version').value;
    p.zone = $('zone').value;
    p.range = $('range').value;
    p.vb = $('version-b').value;
    p.rb = $('range-b').value;
    p.search = $('search').value;
    p.hide = $('hide').value;
    return p;
  }
  function selection(p, prefix, now) {
    var q = [];
    function add(k, v) { if (v !== undefined && v !== null && v !== '') q.push(prefix + k + '=' + encodeURIComponent(v)); }
    add('version', prefix === 'b.' ? p.vb : p.version);
    var range = +(p.range || 0);
    if (range > 0) {
      var until = now, from = now - range;
      if (prefix === 'b.' && p.rb === 'prev') { until = from; from = from - range; }
      add('from', from);
      add('until', until);
    }
    return q;
  }
  function common(p) {
    var q = ['service=' + encodeURIComponent(p.service || ''), 'type=' + encodeURIComponent(p.type || '')];
    if (p.zone) q.push('zone=' + encodeURIComponent(p.zone));
    return q;
  }
  function hideRe(text) {
    if (!text) return null;
    try { return new RegExp(text); } catch (e) { return null; }
  }

  function showTop(rows, total) {
    var body = $('top').tBodies[0];
    while (body.firstChild) body.removeChild(body.firstChild);
    (rows || []).forEach(function (r) {
      var tr = document.createElement('tr');
      [r.self, pct(r.self, total), r.total, pct(r.total, total), r.name].forEach(function (v) {
        var td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }
  function pct(a, b) { return b > 0 ? (100 * a / b).toFixed(2) + '%' : ''; }

  function loadFlame(p) {
    var q = common(p).concat(selection(p, '', Date.now()));
    var url = '/api/merge?' + q.join('&');
    $('download').href = url + '&format=pprof';
    status('loading...');
    return get(url).then(function (r) {
      ui.last = r;
      fg.set(r.flame, { unit: r.column || '', hide: hideRe(p.hide) });
      if (p.search) $('matched').textContent = 'Matched: ' + (100 * fg.search(p.search)).toFixed(2) + '%';
      showTop(r.top, fg.root.a);
      status(r.merged + ' profile(s) merged' + leftOut(r) + (r.column ? ', ' + r.column : ''));
    });
  }
  function loadDiff(p) {
    var now = Date.now();
    var q = common(p).concat(selection(p, 'a.', now)).concat(selection(p, 'b.', now));
    status('loading...');
    return get('/api/diff?' + q.join('&')).then(function (r) {
      ui.last = r;
      fg.set(r.flame, { diff: true, unit: r.column || '', hide: hideRe(p.hide) });
      if (p.search) fg.search(p.search);
      showTop([], 0);
      status('A: ' + r.a.merged + ' profile(s)' + leftOut(r.a) + ', B: ' + r.b.merged + ' profile(s)' + leftOut(r.b));
    });
  }
  // what a merge left out and why: the newest 250 only, or a budget it reached (naming its setting)
  function leftOut(r) {
    if (r.stopped_by) return ' of ' + r.selected + ' (stopped: ' + r.stopped_by + ')';
    return r.truncated ? ' (newest 250 of ' + r.selected + ')' : '';
  }
  function loadDump(p) {
    status('loading...');
    $('download').href = '/api/dump?format=raw&file=' + encodeURIComponent(p.file);
    return get('/api/dump?file=' + encodeURIComponent(p.file)).then(function (r) {
      ui.last = r;
      fg.set(r.flame, { unit: r.column, hide: hideRe(p.hide) });
      if (p.search) fg.search(p.search);
      showTop(r.top, fg.root.a);
      status('request dump ' + p.file + ', ' + r.column);
    });
  }
  function listDumps() {
    var q = ['method=' + encodeURIComponent($('d-method').value), 'path=' + encodeURIComponent($('d-path').value),
             'status=' + encodeURIComponent($('d-status').value)];
    if ($('d-min').value) q.push('min_elapsed_ms=' + encodeURIComponent($('d-min').value));
    return get('/api/dumps?' + q.join('&')).then(function (rows) {
      var body = $('dump-list').tBodies[0];
      while (body.firstChild) body.removeChild(body.firstChild);
      rows.forEach(function (d) {
        var tr = document.createElement('tr');
        var samples = d.samples || {};
        [new Date(d.time * 1000).toISOString().replace('T', ' ').substring(0, 19), d.method, d.path, d.status,
         d.elapsed_ms, samples.cpu, samples.wall].forEach(function (v) {
          var td = document.createElement('td');
          td.textContent = v === undefined ? '' : v;
          tr.appendChild(td);
        });
        var td = document.createElement('td');
        var pb = (d.files || []).filter(function (f) { return /\.pb\.gz$/.test(f); })[0];
        if (pb) {
          var a = document.createElement('a');
          a.href = '#view=dump&file=' + encodeURIComponent(pb);
          a.textContent = 'flame graph';
          a.className = 'open-dump';
          td.appendChild(a);
        }
        tr.appendChild(td);
        body.appendChild(tr);
      });
      status(rows.length + ' request dump(s)');
    });
  }

  function route() {
    var p = params();
    var view = p.view || 'flame';
    document.body.className = view === 'diff' ? 'diff' : view === 'dumps' ? 'dumps' : '';
    ['flame', 'diff', 'dumps'].forEach(function (v) { $('tab-' + v).className = v === view ? 'active' : ''; });
    $('dumps').hidden = view !== 'dumps';
    ui.ready = false;
    var work;
    if (view === 'dumps') work = listDumps();
    else if (view === 'dump') work = loadDump(p);
    else {
      if (p.service) $('service').value = p.service;
      fillFacets(p);
      if (p.range !== undefined) $('range').value = p.range;
      if (p.rb !== undefined) $('range-b').value = p.rb;
      $('search').value = p.search || '';
      $('hide').value = p.hide || '';
      if (!$('service').value) { status('No profiles stored yet.'); ui.ready = true; return; }
      work = view === 'diff' ? loadDiff(readControls()) : loadFlame(readControls());
    }
    work.catch(function (e) { status(e.message, true); }).then(function () { ui.loads++; ui.ready = true; });
  }

  function applyControls() {
    var p = readControls();
    p.view = params().view || 'flame';
    setHash(p);
  }
  $('load').addEventListener('click', applyControls);
  ['type', 'version', 'version-b', 'zone', 'range', 'range-b'].forEach(function (id) { $(id).addEventListener('change', applyControls); });
  $('service').addEventListener('change', function () { fillFacets({}); applyControls(); });
  $('hide').addEventListener('change', applyControls);
  $('search').addEventListener('input', function () {
    var share = fg.search($('search').value);
    $('matched').textContent = $('search').value ? 'Matched: ' + (100 * share).toFixed(2) + '%' : '';
  });
  $('reset').addEventListener('click', function () { fg.focus(null); });
  $('d-load').addEventListener('click', listDumps);
  window.addEventListener('hashchange', route);

  get('/api/services').then(function (services) {
    ui.services = services;
    fill($('service'), services.map(function (s) { return s.service; }), params().service, null);
    route();
  }).catch(function (e) { status(e.message, true); ui.ready = true; });
})();
