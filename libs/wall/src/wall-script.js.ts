/**
 * The wall page's script (plain browser JavaScript, no build step). It keeps the key from the URL in
 * localStorage and removes it from the address bar, loads names from the catalogue, subscribes to
 * /live and repaints changed tiles once per animation frame.
 */
export const WALL_JS = String.raw`(function () {
  'use strict';
  var STORE = 'ioc-wall-key';
  var params = new URLSearchParams(location.search);
  var urlKey = params.get('key');
  if (urlKey) {
    localStorage.setItem(STORE, urlKey);
    params.delete('key');
    var rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? '?' + rest : '') + location.hash);
  }
  var key = urlKey || localStorage.getItem(STORE);
  var wantedScope = params.get('scope') || '';
  var wantedDomains = (params.get('domains') || '').split(',').filter(Boolean);

  var $ = function (id) { return document.getElementById(id); };
  var num = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
  var catalogue = { indicators: new Map(), domains: [], scopes: new Map() };
  var tiles = new Map();
  var sections = new Map();
  var pending = new Map();
  var frame = 0;
  var socket = null;
  var cursor = null;
  var scope = '';

  function setStatus(kind, text) {
    var el = $('status');
    el.className = 'status ' + kind;
    el.textContent = text;
  }

  function askForKey(message) {
    localStorage.removeItem(STORE);
    if (socket) { socket.close(); socket = null; }
    $('keyform').hidden = false;
    $('keyerror').textContent = message || '';
    setStatus('error', message ? 'Lỗi: ' + message : 'Cần khóa truy cập');
  }

  $('keyform').addEventListener('submit', function (e) {
    e.preventDefault();
    var v = $('keyinput').value.trim();
    if (!v) return;
    key = v;
    localStorage.setItem(STORE, key);
    $('keyform').hidden = true;
    start();
  });

  setInterval(function () { $('clock').textContent = new Date().toLocaleString('vi-VN'); }, 1000);

  function api(path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + key } }).then(function (r) {
      if (r.status === 401) throw new Error('unauthorized');
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function start() {
    setStatus('connecting', 'Đang tải danh mục…');
    Promise.all([api('/api/v1/domains'), api('/api/v1/indicators'), api('/api/v1/scopes')]).then(function (res) {
      catalogue.domains = res[0];
      res[1].forEach(function (i) { catalogue.indicators.set(i.code, i); });
      res[2].forEach(function (s) { catalogue.scopes.set(s.code, s); });
      scope = wantedScope || pickRootScope(res[2]);
      var s = catalogue.scopes.get(scope);
      $('title').textContent = 'IOC — ' + (s ? s.name : scope || 'Tất cả');
      connect();
    }).catch(function (err) {
      if (err.message === 'unauthorized') askForKey('unauthorized');
      else setStatus('error', 'Không tải được danh mục: ' + err.message);
    });
  }

  function pickRootScope(list) {
    var codes = new Set(list.map(function (s) { return s.code; }));
    var root = list.find(function (s) { return !s.parent || !codes.has(s.parent); });
    return root ? root.code : '';
  }

  function connect() {
    setStatus('connecting', 'Đang kết nối…');
    socket = io('/live', { auth: { token: key }, transports: ['websocket', 'polling'] });
    socket.on('connect', subscribe);
    socket.on('disconnect', function () { setStatus('connecting', 'Mất kết nối, đang kết nối lại…'); });
    socket.on('connect_error', function (err) {
      if (err.message === 'unauthorized' || err.message === 'forbidden') askForKey(err.message);
      else setStatus('connecting', 'Đang kết nối lại… (' + err.message + ')');
    });
    socket.on('values', function (ev) {
      cursor = ev.cursor;
      ev.points.forEach(queue);
    });
  }

  function subscribe() {
    var req = {};
    if (scope) req.scopes = [scope];
    if (wantedDomains.length) req.domains = wantedDomains;
    if (cursor) req.cursor = cursor;
    socket.emit('subscribe', req, function (ack) {
      if (!ack || !ack.ok) { setStatus('error', 'Lỗi: ' + (ack ? ack.error : 'no answer')); return; }
      ack.snapshot.forEach(queue);
      cursor = ack.cursor;
      setStatus('live', 'Trực tiếp');
      if (!ack.snapshot.length && !tiles.size) $('grid').innerHTML = '<p class="empty">Chưa có số liệu cho phạm vi này.</p>';
    });
  }

  function queue(p) {
    if (scope && p.scope !== scope) return; // the wall shows its own scope; descendants have their own walls
    var id = p.indicator + '|' + p.scope;
    var prev = pending.get(id);
    if (!prev || prev.ts <= p.ts) pending.set(id, p);
    if (!frame) frame = requestAnimationFrame(paint);
  }

  function section(domainCode) {
    var el = sections.get(domainCode);
    if (el) return el;
    var empty = $('grid').querySelector('.empty');
    if (empty) empty.remove();
    var d = catalogue.domains.find(function (x) { return x.code === domainCode; });
    var s = document.createElement('section');
    s.innerHTML = '<h2></h2><div class="tiles"></div>';
    s.firstChild.textContent = d ? d.name : domainCode;
    s.dataset.domain = domainCode;
    var order = catalogue.domains.map(function (x) { return x.code; });
    var after = Array.from($('grid').children).find(function (c) { return order.indexOf(c.dataset.domain) > order.indexOf(domainCode); });
    $('grid').insertBefore(s, after || null);
    el = s.lastChild;
    sections.set(domainCode, el);
    return el;
  }

  function tile(p) {
    var id = p.indicator + '|' + p.scope;
    var t = tiles.get(id);
    if (t) return t;
    var ind = catalogue.indicators.get(p.indicator) || { name: p.indicator, unit: '', domain: '?' };
    var el = document.createElement('div');
    el.className = 'tile';
    el.dataset.series = id;
    el.innerHTML = '<div class="name"></div><div><span class="value"></span><span class="unit"></span></div><div class="meta"><span class="trend"></span><span class="time"></span></div>';
    el.querySelector('.name').textContent = ind.name;
    el.querySelector('.unit').textContent = ind.unit;
    section(ind.domain).appendChild(el);
    t = { el: el, value: el.querySelector('.value'), trend: el.querySelector('.trend'), time: el.querySelector('.time'), ind: ind, last: null };
    tiles.set(id, t);
    return t;
  }

  function paint() {
    frame = 0;
    pending.forEach(function (p) {
      var t = tile(p);
      if (t.last && p.ts < t.last.ts) return;
      if (t.last && t.last.value !== p.value) {
        var up = p.value > t.last.value;
        t.trend.textContent = up ? '▲' : '▼';
        var good = t.ind.direction ? (t.ind.direction === 'up') === up : null;
        t.trend.className = 'trend' + (good === null ? '' : good ? ' good' : ' bad');
        t.el.classList.add('flash');
        setTimeout(function () { t.el.classList.remove('flash'); }, 50);
      }
      t.value.textContent = num.format(p.value);
      t.time.textContent = new Date(p.ts).toLocaleTimeString('vi-VN');
      t.last = p;
    });
    pending.clear();
  }

  if (key) start();
  else askForKey('');
})();
`;
