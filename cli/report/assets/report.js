(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('gk-data').textContent);
  var S = D.s, R = D.r, PAGE = 100, NONE = 1e15, C = {};
  D.cols.forEach(function (c, i) { C[c] = i; });
  var TEXT = ['record', 'period', 'title', 'jurisdiction', 'rule', 'category', 'severity', 'unit',
    'due', 'first_seen', 'head', 'tail', 'basis', 'waiver'].map(function (c) {
    return C[c];
  });
  var DEF = { q: '', status: 'open', jurisdiction: '', category: '', unit: '',
    rule: '', waived: '', sort: '', dir: 'asc', page: 1 };
  var FIELDS = Object.keys(DEF);
  var state = read(), view = [], index = null, lower = null, rank = null;
  var lastHash = null, timer = null;
  var ui = { q: $('f-q'), status: $('f-status'), jurisdiction: $('f-jurisdiction'),
    category: $('f-category'), unit: $('f-unit') };
  var tbody = $('rows');
  document.documentElement.className = 'js';

  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function str(v) { return v >= 0 ? S[v] : ''; }
  function dec(s) {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch (e) {
      return s;
    }
  }

  /* The state in the URL hash: #status=new&q=B1&jurisdiction=zezhou */
  function read() {
    var s = {}, h = location.hash.replace(/^#/, '');
    FIELDS.forEach(function (k) { s[k] = DEF[k]; });
    h.split('&').forEach(function (p) {
      var i = p.indexOf('='), k = dec(i < 0 ? p : p.slice(0, i));
      var v = i < 0 ? '' : dec(p.slice(i + 1));
      if (p && Object.prototype.hasOwnProperty.call(DEF, k))
        s[k] = k === 'page' ? Math.max(1, parseInt(v, 10) || 1) : v;
    });
    s.status = s.status || 'open';
    return s;
  }
  function write() {
    var parts = [], h;
    FIELDS.forEach(function (k) {
      if (String(state[k]) !== String(DEF[k]))
        parts.push(k + '=' + encodeURIComponent(state[k]));
    });
    h = parts.length ? '#' + parts.join('&') : '';
    if (h === location.hash)
      return;
    lastHash = h;
    try {
      history.replaceState(null, '', h || location.pathname + location.search);
    } catch (e) {
      location.hash = h;
    }
  }

  /* Filtering: rows hold indexes into the string table S. */
  function sidx(v) {
    var k;
    if (!index) {
      index = new Map();
      S.forEach(function (s, i) { index.set(s, i); });
    }
    k = index.get(v);
    return k === undefined ? -2 : k;
  }
  /* A search term marks the strings that contain it (and the ids whose
   * label does); a row matches when one of its strings is marked. */
  function mask(t) {
    var m = new Uint8Array(S.length), i;
    lower = lower || S.map(function (s) { return s.toLowerCase(); });
    for (i = 0; i < S.length; i++)
      if (lower[i].indexOf(t) >= 0)
        m[i] = 1;
    [D.jur, D.cat].forEach(function (labels) {
      Object.keys(labels).forEach(function (k) {
        if (labels[k].toLowerCase().indexOf(t) >= 0 && sidx(k) >= 0)
          m[sidx(k)] = 1;
      });
    });
    m.st = D.stl.map(function (l) { return l.indexOf(t) >= 0; });
    return m;
  }
  function hit(r, m) {
    if (m.st[r[C.status]])
      return true;
    for (var k = 0; k < TEXT.length; k++)
      if (r[TEXT[k]] >= 0 && m[r[TEXT[k]]])
        return true;
    return false;
  }
  function statuses(s) {
    if (s === 'all')
      return null;
    return (s === 'open' ? ['new', 'persisting', 'unknown'] : [s]).map(function (x) {
      return D.st.indexOf(x);
    });
  }
  function filter() {
    var out = [], want = statuses(state.status), eq = [], masks, i, k, r;
    ['jurisdiction', 'category', 'unit', 'rule'].forEach(function (f) {
      if (state[f])
        eq.push([C[f], sidx(state[f])]);
    });
    masks = state.q.toLowerCase().split(/\s+/).filter(Boolean).map(mask);
    rows: for (i = 0; i < R.length; i++) {
      r = R[i];
      if (want && want.indexOf(r[C.status]) < 0)
        continue;
      if (state.waived && r[C.waiver] < 0)
        continue;
      for (k = 0; k < eq.length; k++)
        if (r[eq[k][0]] !== eq[k][1])
          continue rows;
      for (k = 0; k < masks.length; k++)
        if (!hit(r, masks[k]))
          continue rows;
      out.push(i);
    }
    return out;
  }

  /* Sorting: strings by their rank in the table (code point order),
   * absent values last. */
  function ranks() {
    var o;
    if (rank)
      return;
    o = S.map(function (s, i) { return i; });
    o.sort(function (a, b) { return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0; });
    rank = new Float64Array(S.length);
    o.forEach(function (v, i) { rank[v] = i; });
  }
  function byString(c) {
    return function (r) { return r[c] >= 0 ? rank[r[c]] : NONE; };
  }
  var KEYS = {
    status: function (r) { return r[C.status]; },
    record: function (r) {
      return byString(r[C.record] >= 0 ? C.record : C.period)(r);
    },
    days: function (r) { return r[C.days]; },
    message: function (r) {
      return (r[C.head] >= 0 ? rank[r[C.head]] + 1 : 0) * S.length + rank[r[C.tail]];
    }
  };
  ['jurisdiction', 'rule', 'category', 'severity', 'unit', 'due', 'first_seen'].forEach(
    function (k) { KEYS[k] = byString(C[k]); });
  function sort(list) {
    var f = KEYS[state.sort], d = state.dir === 'desc' ? -1 : 1, key;
    if (!f)
      return;
    ranks();
    key = new Float64Array(R.length);
    list.forEach(function (i) { key[i] = f(R[i]); });
    list.sort(function (a, b) {
      var x = key[a], y = key[b];
      if (x === y)
        return a - b;
      if (x === NONE || y === NONE)
        return x === NONE ? 1 : -1;
      return x < y ? -d : d;
    });
  }

  /* One page of rows. */
  function cell(main, sub, cls) {
    return '<td' + (cls ? ' class="' + cls + '"' : '') + '>' + main +
      (sub ? '<small>' + sub + '</small>' : '') + '</td>';
  }
  var DASH = '<span class="none">—</span>';
  function since(r, st) {
    if (st === 'due_soon')
      return cell(DASH, '还剩 ' + r[C.days] + ' 个工作日');
    if (r[C.first_seen] < 0)
      return cell(DASH);
    return cell(esc(S[r[C.first_seen]]),
      (st === 'resolved' ? '历时 ' : '已 ') + fmt(r[C.days]) + ' 天', 'num');
  }
  function row(r) {
    var st = D.st[r[C.status]], rec, msg, unit = str(r[C.unit]);
    rec = r[C.record] >= 0 ? esc(S[r[C.record]]) :
      '定期事项 ' + esc(str(r[C.period]));
    msg = (r[C.head] >= 0 ? esc(S[r[C.head]]) + '：' : '') + esc(S[r[C.tail]]);
    if (r[C.waiver] >= 0)
      msg += '<span class="waiver">已豁免：' + esc(S[r[C.waiver]]) + '</span>';
    if (r[C.feedback] >= 0)
      msg += '<span class="feedback' + (r[C.fixed] ? ' fixed-found' : '') + '">' +
        (r[C.fixed] ? '报已整改，本次检查仍不合规：' : '整改反馈：') +
        esc(S[r[C.feedback]]) + '</span>';
    return '<tr class="st-' + st + '">' +
      cell('<span class="badge b-' + st + '">' + D.stl[r[C.status]] + '</span>') +
      cell('<span class="rid">' + rec + '</span>', esc(str(r[C.title])), 'rec') +
      cell(esc(D.jur[str(r[C.jurisdiction])] || str(r[C.jurisdiction])), '', 'nw') +
      cell('<code>' + esc(str(r[C.rule])) + '</code>', '', 'nw') +
      cell(esc(D.cat[str(r[C.category])] || str(r[C.category])), '', 'nw') +
      cell(str(r[C.severity]) === 'notice' ? '<span class="tag">' + D.sev.notice +
        '</span>' : esc(D.sev[str(r[C.severity])] || ''), '', 'nw') +
      cell(esc(unit), '', unit === D.nounit ? 'none' : '') +
      cell((r[C.due] >= 0 ? esc(S[r[C.due]]) : DASH) + (r[C.prov] ?
        '<span class="tag tag-warn prov" title="按暂定日历计算">暂定</span>' : ''),
        '', 'date') + since(r, st) +
      cell(msg, '依据：' + esc(str(r[C.basis])), 'msg') + '</tr>';
  }
  function render() {
    var n = view.length, pages = Math.max(1, Math.ceil(n / PAGE)), html = [], i, end;
    state.page = Math.min(Math.max(1, state.page), pages);
    end = Math.min(n, state.page * PAGE);
    for (i = (state.page - 1) * PAGE; i < end; i++)
      html.push(row(R[view[i]]));
    tbody.innerHTML = html.length ? html.join('') :
      '<tr class="empty"><td colspan="9">没有符合条件的问题。</td></tr>';
    $('match-count').textContent = fmt(n);
    $('match-count').setAttribute('data-value', n);
    $('page-no').textContent = state.page;
    $('page-count').textContent = pages;
    $('pg-first').disabled = $('pg-prev').disabled = state.page <= 1;
    $('pg-next').disabled = $('pg-last').disabled = state.page >= pages;
    document.querySelectorAll('#status-tabs button').forEach(function (b) {
      b.setAttribute('aria-selected', b.getAttribute('data-status') === state.status);
    });
    document.querySelectorAll('#findings-table th').forEach(function (th) {
      if (th.getAttribute('data-key') !== state.sort)
        th.removeAttribute('aria-sort');
      else
        th.setAttribute('aria-sort', state.dir === 'desc' ? 'descending' :
          'ascending');
    });
    $('f-rule').hidden = !state.rule;
    $('f-rule-name').textContent = state.rule;
    $('f-waived').hidden = !state.waived;
  }

  /* The controls show the state; a value the run lacks gets an option. */
  function controls() {
    Object.keys(ui).forEach(function (k) {
      var el = ui[k], v = state[k], o;
      var known = Array.prototype.some.call(el.options || [], function (x) {
        return x.value === v;
      });
      if (el.tagName === 'SELECT' && v && !known) {
        o = document.createElement('option');
        o.value = v;
        o.textContent = v + '（本次无此项）';
        el.appendChild(o);
      }
      el.value = v;
    });
  }
  function update(keepPage) {
    if (!keepPage)
      state.page = 1;
    view = filter();
    sort(view);
    render();
    write();
  }
  function load(scroll) {
    state = read();
    controls();
    view = filter();
    sort(view);
    render();
    if (scroll && location.hash.length > 1)
      $('findings').scrollIntoView();
  }
  function page(to) {
    state.page = to;
    render();
    write();
  }
  function on(id, type, fn) { $(id).addEventListener(type, fn); }

  on('f-q', 'input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      state.q = ui.q.value.trim();
      update();
    }, 200);
  });
  ['status', 'jurisdiction', 'category', 'unit'].forEach(function (k) {
    ui[k].addEventListener('change', function () {
      state[k] = ui[k].value;
      update();
    });
  });
  on('status-tabs', 'click', function (e) {
    var b = e.target.closest('button');
    if (b) {
      state.status = ui.status.value = b.getAttribute('data-status');
      update();
    }
  });
  $('findings-table').tHead.addEventListener('click', function (e) {
    var th = e.target.closest('th[data-key]'), k;
    if (!th)
      return;
    k = th.getAttribute('data-key');
    state.dir = state.sort === k && state.dir === 'asc' ? 'desc' : 'asc';
    state.sort = k;
    update();
  });
  on('pg-first', 'click', function () { page(1); });
  on('pg-prev', 'click', function () { page(state.page - 1); });
  on('pg-next', 'click', function () { page(state.page + 1); });
  on('pg-last', 'click', function () { page(Infinity); });
  on('f-reset', 'click', function () {
    FIELDS.forEach(function (k) { state[k] = DEF[k]; });
    controls();
    update();
  });
  on('f-rule-clear', 'click', function () {
    state.rule = '';
    update();
  });
  on('f-waived-clear', 'click', function () {
    state.waived = '';
    update();
  });
  window.addEventListener('hashchange', function () {
    if (location.hash !== lastHash)
      load(true);
  });
  load(true);
})();
