// eidbot web chat: the page inside the widget's iframe, and the full-page
// chat at /webchat/. Plain JavaScript, no framework, no build step.
//
// Protocol (internal/webchat): POST api/visitors gives a token, kept in this
// origin's localStorage and sent as "Authorization: Bearer"; POST
// api/messages sends one message with an id made here (a retry sends the
// same id and is handled once); GET api/events?after=<event id> streams
// NDJSON events. Streams end every half minute and on server restarts; the
// next one starts after the last event seen, and an event seen before is
// dropped, so every reply shows exactly once.
'use strict';
(() => {
  const UI = {
    vi: { title: 'Hỏi đáp VNeID', lang: 'Ngôn ngữ', forget: 'Xóa dữ liệu của tôi', close: 'Đóng khung chat', message: 'Tin nhắn của bạn', placeholder: 'Nhập câu hỏi…', send: 'Gửi', connecting: 'Đang kết nối…', offline: 'Mất kết nối, đang thử lại…', slow: 'Bạn gửi hơi nhanh, vui lòng đợi một chút…', long: 'Tin nhắn quá dài.', map: 'Xem bản đồ', download: 'Tải về', choices: 'Lựa chọn' },
    en: { title: 'VNeID help', lang: 'Language', forget: 'Delete my data', close: 'Close chat', message: 'Your message', placeholder: 'Type a question…', send: 'Send', connecting: 'Connecting…', offline: 'Connection lost, retrying…', slow: 'You are sending quickly; please wait a moment…', long: 'That message is too long.', map: 'Open map', download: 'Download', choices: 'Choices' },
    zh: { title: 'VNeID 咨询', lang: '语言', forget: '删除我的数据', close: '关闭聊天', message: '您的消息', placeholder: '请输入问题…', send: '发送', connecting: '正在连接…', offline: '连接已断开，正在重试…', slow: '发送太快了，请稍候…', long: '消息太长。', map: '查看地图', download: '下载', choices: '选项' },
    ko: { title: 'VNeID 안내', lang: '언어', forget: '내 정보 삭제', close: '채팅 닫기', message: '메시지', placeholder: '질문을 입력하세요…', send: '보내기', connecting: '연결 중…', offline: '연결이 끊겼습니다. 다시 연결하는 중…', slow: '너무 빨리 보내고 있습니다. 잠시 기다려 주세요…', long: '메시지가 너무 깁니다.', map: '지도 보기', download: '다운로드', choices: '선택지' },
  };
  const LANGS = Object.keys(UI);
  const $ = (id) => document.getElementById(id);
  const log = $('log'), input = $('text'), status = $('status'), select = $('lang');
  const params = new URLSearchParams(location.search);
  const embedded = params.get('embed') === '1' && window.parent !== window;
  const point = /^[a-z0-9_]{1,40}$/.test(params.get('point') || '') ? params.get('point') : '';
  const store = {
    get: (k) => { try { return localStorage.getItem('eidbot.' + k); } catch (e) { return null; } },
    set: (k, v) => { try { if (v === null) localStorage.removeItem('eidbot.' + k); else localStorage.setItem('eidbot.' + k, v); } catch (e) { /* private mode: this tab only */ } },
  };
  const pick = (l) => (LANGS.includes(l) ? l : null);
  let lang = pick(store.get('lang')) || pick(params.get('lang')) || pick(document.documentElement.lang) || 'vi';
  let token = store.get('token');
  let last = '';            // the last event id seen
  const seen = new Set();   // event ids shown, to drop repeats
  let live = false;         // the first stream caught up with the history
  let started = false;      // the conversation has events (or /start was sent)
  let wantFocus = false;    // move focus to the next question's first choice

  // --- language and labels -------------------------------------------------
  function applyLang(l) {
    lang = l;
    const t = UI[l];
    document.documentElement.lang = l;
    document.title = t.title + ' · eidbot';
    $('title').textContent = t.title;
    $('lang-label').textContent = t.lang;
    $('forget').textContent = t.forget;
    $('close-label').textContent = t.close;
    $('text-label').textContent = t.message;
    input.placeholder = t.placeholder;
    $('send').textContent = t.send;
    select.value = l;
  }

  // --- the bot's formatting, rebuilt from an allow-list ---------------------
  const TAGS = { B: 'b', STRONG: 'b', I: 'i', EM: 'i', U: 'u', INS: 'u', S: 's', STRIKE: 's', DEL: 's', CODE: 'code', PRE: 'pre', BLOCKQUOTE: 'blockquote', A: 'a', BR: 'br' };
  const DROP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'IFRAME', 'OBJECT', 'NOSCRIPT']);
  const URL_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  function safeHTML(html) {
    // DOMParser builds an inert document: nothing in it runs or loads.
    const doc = new DOMParser().parseFromString('<!doctype html><body>' + (html || ''), 'text/html');
    const out = document.createDocumentFragment();
    copy(doc.body, out, false);
    return out;
  }
  function copy(from, to, inLink) {
    for (const n of from.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) { text(n.data, to, inLink); continue; }
      if (n.nodeType !== Node.ELEMENT_NODE || DROP.has(n.tagName)) continue;
      const tag = TAGS[n.tagName];
      if (!tag || (tag === 'a' && (inLink || !/^(https?:|mailto:|tel:)/i.test(n.getAttribute('href') || '')))) {
        copy(n, to, inLink); // an element not allowed keeps only its text
        continue;
      }
      const el = document.createElement(tag);
      if (tag === 'a') link(el, n.getAttribute('href'));
      copy(n, el, inLink || tag === 'a');
      to.appendChild(el);
    }
  }
  // text adds plain text, turning bare web addresses into links.
  function text(s, to, inLink) {
    let at = 0;
    if (!inLink) {
      for (const m of s.matchAll(URL_RE)) {
        to.appendChild(document.createTextNode(s.slice(at, m.index)));
        const a = document.createElement('a');
        link(a, m[0]);
        a.textContent = m[0];
        to.appendChild(a);
        at = m.index + m[0].length;
      }
    }
    to.appendChild(document.createTextNode(s.slice(at)));
  }
  function link(a, href) { a.href = href; a.target = '_blank'; a.rel = 'noopener noreferrer'; }

  // --- showing events -------------------------------------------------------
  let bubbles = 0;
  function message(cls, evLang) {
    const m = document.createElement('div');
    m.className = 'msg ' + cls;
    if (evLang) m.lang = evLang;
    const b = document.createElement('div');
    b.className = 'bubble';
    b.id = 'b' + (++bubbles);
    m.appendChild(b);
    return [m, b];
  }
  function choices(rows, keys, labelledBy) {
    const box = document.createElement('div');
    box.className = 'choices';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-labelledby', labelledBy);
    for (const row of rows || []) {
      const r = document.createElement('div');
      r.className = 'row';
      for (const b of row) r.appendChild(choice(b));
      box.appendChild(r);
    }
    if (keys && keys.length) {
      const r = document.createElement('div');
      r.className = 'row';
      for (const k of keys) r.appendChild(choice({ label: k, say: k }));
      box.appendChild(r);
    }
    return box.childNodes.length ? box : null;
  }
  function choice(b) {
    if (b.done) {
      const s = document.createElement('span');
      s.className = 'chosen';
      s.textContent = b.label;
      return s;
    }
    if (b.url) {
      const a = document.createElement('a');
      a.className = 'choice';
      link(a, /^https?:/i.test(b.url) ? b.url : '#');
      a.textContent = b.label;
      return a;
    }
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'choice';
    el.textContent = b.label;
    if (b.data) el.dataset.choice = b.data;
    el.addEventListener('click', () => {
      if (el.getAttribute('aria-disabled') === 'true') return;
      const box = el.closest('.choices');
      box.querySelectorAll('button').forEach((x) => x.setAttribute('aria-disabled', 'true'));
      wantFocus = true;
      if (b.say) { shown(b.say); send({ text: b.say }); return; }
      const msg = Number(el.closest('.msg').dataset.msg || 0);
      send({ press: { data: b.data, msg } });
    });
    return el;
  }
  function place(ev, m, b) {
    const v = ev.venue;
    const strong = document.createElement('b');
    strong.textContent = '📍 ' + v.title;
    b.append(strong, document.createTextNode('\n' + v.address + '\n'));
    const a = document.createElement('a');
    a.className = 'place';
    link(a, v.map);
    a.textContent = UI[lang].map;
    b.appendChild(a);
  }
  function download(ev, m, b) {
    const f = ev.file;
    if (f.caption) { b.appendChild(safeHTML(f.caption)); b.appendChild(document.createTextNode('\n')); }
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    const a = document.createElement('a');
    a.className = 'file';
    a.href = URL.createObjectURL(new Blob([bytes], { type: f.mime || 'application/octet-stream' }));
    a.download = f.name;
    a.textContent = '⬇ ' + UI[lang].download + ': ' + f.name;
    b.appendChild(a);
  }
  function show(ev) {
    if (ev.type === 'ping' || ev.type === 'end') return;
    if (ev.type === 'live') { caughtUp(); return; }
    if (ev.id) {
      if (seen.has(ev.id) || (last && older(ev.id, last))) return;
      seen.add(ev.id);
      last = ev.id;
    }
    started = true;
    if (ev.lang && ev.lang !== lang && pick(ev.lang)) { applyLang(ev.lang); store.set('lang', ev.lang); }
    switch (ev.type) {
      case 'clear': log.replaceChildren(); typed.length = 0; saveTyped(); return;
      case 'notice': if (live) notice(ev.html, ev.alert); return;
      case 'edit': edit(ev); return;
    }
    const [m, b] = message('bot', ev.lang);
    m.dataset.event = ev.id || '';
    m.dataset.msg = ev.msg || 0;
    if (ev.type === 'venue') place(ev, m, b);
    else if (ev.type === 'file') download(ev, m, b);
    else b.appendChild(safeHTML(ev.html));
    const c = choices(ev.buttons, ev.keys, b.id);
    if (c) m.appendChild(c);
    log.appendChild(m);
    replay(ev.id);
    m.scrollIntoView({ block: 'nearest' });
    if (c && wantFocus) {
      const first = c.querySelector('button, a');
      // Focus scrolls the answer into view: it must never be hidden.
      if (first) { first.focus(); wantFocus = false; }
    }
  }
  function edit(ev) {
    const m = log.querySelector('.msg[data-msg="' + Number(ev.edit) + '"]');
    if (!m) return;
    if (ev.html) { const b = m.querySelector('.bubble'); b.replaceChildren(safeHTML(ev.html)); }
    const had = m.contains(document.activeElement);
    const old = m.querySelector('.choices');
    if (old) old.remove();
    const c = choices(ev.buttons, null, m.querySelector('.bubble').id);
    if (c) m.appendChild(c);
    if (had) wantFocus = true;
  }
  // older reports whether event id a comes before b ("ms-seq" ids).
  function older(a, b) {
    const [am, as] = a.split('-').map(Number), [bm, bs] = b.split('-').map(Number);
    return am < bm || (am === bm && as < bs);
  }
  function notice(html, alert) {
    status.className = 'status' + (alert ? ' alert' : '');
    status.replaceChildren(safeHTML(html));
    clearTimeout(notice.t);
    notice.t = setTimeout(() => { if (status.textContent && !status.dataset.sticky) status.replaceChildren(); }, 6000);
  }
  function setStatus(s) {
    status.className = 'status';
    status.dataset.sticky = s ? '1' : '';
    status.textContent = s;
  }
  // After a batch of events, focus that found no next question goes to
  // the message field, never nowhere.
  function settleFocus() {
    if (wantFocus && (!document.activeElement || document.activeElement === document.body)) {
      wantFocus = false;
      input.focus({ preventScroll: true });
    }
  }

  // --- what this visitor typed ----------------------------------------------
  // Typed text is not stored on the server (it may be personal, and nothing
  // personal is kept before consent): this browser keeps it, placed after
  // the event that was last when it was sent, to show it again on reload.
  let typed = [];
  function loadTyped() {
    try { typed = JSON.parse(store.get('typed.' + visitorID()) || '[]'); } catch (e) { typed = []; }
  }
  function saveTyped() { if (token) store.set('typed.' + visitorID(), JSON.stringify(typed.slice(-100))); }
  function visitorID() { return (token || '').split('.')[0]; }
  function shown(t) {
    typed.push({ after: last, text: t });
    saveTyped();
    mine(t);
  }
  function mine(t) {
    const [m, b] = message('me');
    b.textContent = t;
    log.appendChild(m);
    m.scrollIntoView({ block: 'nearest' });
  }
  function replay(id) { for (const t of typed) if (t.after === id) mine(t.text); }

  // --- talking to the server ------------------------------------------------
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const retryAfter = (r) => Math.min(60, Number(r.headers.get('Retry-After')) || 1) * 1000;
  async function ensureToken() {
    let wait = 500;
    while (!token) {
      try {
        const r = await fetch('api/visitors', { method: 'POST', cache: 'no-store' });
        if (r.ok) {
          token = (await r.json()).token;
          store.set('token', token);
          loadTyped();
          return;
        }
        await sleep(r.status === 429 || r.status === 503 ? retryAfter(r) : wait);
      } catch (e) { setStatus(UI[lang].offline); await sleep(wait); }
      wait = Math.min(wait * 2, 5000);
    }
  }
  function forgetToken() {
    token = null;
    store.set('token', null);
    last = '';
    seen.clear();
    log.replaceChildren();
    live = false;
    started = false;
  }
  function newID() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  }
  // send posts one message; messages go one at a time, in order, and each
  // is retried with its id until the server has it.
  let queue = Promise.resolve();
  function send(body) {
    queue = queue.then(() => post(Object.assign({ id: newID() }, body))).then(settleFocus);
    return queue;
  }
  async function post(body) {
    let wait = 500;
    for (;;) {
      await ensureToken();
      body.hint = lang;
      try {
        const r = await fetch('api/messages', {
          method: 'POST', cache: 'no-store', body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
        });
        if (r.ok) { if (status.dataset.sticky) setStatus(''); return; }
        if (r.status === 401) { forgetToken(); restart(); continue; }
        if (r.status === 413) { notice(UI[lang].long, true); return; }
        if (r.status === 429) { setStatus(UI[lang].slow); await sleep(retryAfter(r)); continue; }
        if (r.status === 503) { await sleep(retryAfter(r)); continue; }
        return; // 400: nothing a retry could fix
      } catch (e) {
        setStatus(UI[lang].offline);
        await sleep(wait);
        wait = Math.min(wait * 2, 5000);
      }
    }
  }

  let generation = 0; // a new token restarts the stream loop
  function restart() { generation++; streamLoop(generation); }
  async function streamLoop(gen) {
    let wait = 500;
    while (gen === generation) {
      await ensureToken();
      try {
        const r = await fetch('api/events' + (last ? '?after=' + encodeURIComponent(last) : ''), {
          cache: 'no-store', headers: { Authorization: 'Bearer ' + token },
        });
        if (r.status === 401) { forgetToken(); continue; }
        if (!r.ok) { await sleep(r.status === 429 || r.status === 503 ? retryAfter(r) : wait); continue; }
        await read(r.body.getReader(), gen);
        wait = 500;
      } catch (e) {
        if (gen !== generation) return;
        setStatus(UI[lang].offline);
        await sleep(wait);
        wait = Math.min(wait * 2, 5000);
      }
    }
  }
  async function read(reader, gen) {
    const dec = new TextDecoder();
    let buf = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (gen !== generation) { reader.cancel(); return; }
      if (done) return;
      if (status.dataset.sticky) setStatus('');
      buf += dec.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (line) show(JSON.parse(line));
      }
      settleFocus();
    }
  }
  // caughtUp runs when a stream has sent the history: a visitor with none
  // starts the conversation (at a reception point, when the page names one).
  function caughtUp() {
    live = true;
    if (!started) {
      started = true;
      send({ text: point ? '/start point_' + point : '/start' });
    }
  }

  // --- controls ---------------------------------------------------------------
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = input.value.trim();
    if (!t) return;
    input.value = '';
    shown(t);
    send({ text: t });
  });
  select.addEventListener('change', () => {
    const l = pick(select.value);
    if (!l || l === lang) return;
    store.set('lang', l);
    applyLang(l);
    send({ lang: l });
  });
  $('forget').addEventListener('click', () => { wantFocus = true; send({ text: '/forget' }); });
  if (embedded) {
    document.body.classList.add('embedded');
    $('close').hidden = false;
    $('close').addEventListener('click', () => parent.postMessage({ eidbot: 'close' }, '*'));
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') parent.postMessage({ eidbot: 'close' }, '*'); });
    // The widget asks for focus when it opens its panel.
    window.addEventListener('message', (e) => {
      if (e.source !== parent || !e.data || e.data.eidbot !== 'focus') return;
      const open = log.querySelectorAll('.choices button');
      if (open.length) open[open.length - 1].closest('.choices').querySelector('button').focus();
      else { wantFocus = true; input.focus(); }
    });
  }
  // Theme from the widget: a host's accent colours, when they are plain
  // colours and keep text readable (4.5:1); otherwise the default stays.
  const accent = params.get('accent'), on = params.get('accent-text');
  if (accent && on && contrast(accent, on) >= 4.5) {
    document.documentElement.style.setProperty('--eidbot-accent', accent);
    document.documentElement.style.setProperty('--eidbot-accent-text', on);
  }
  function contrast(a, b) {
    const la = luminance(a), lb = luminance(b);
    if (la < 0 || lb < 0) return 0;
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  function luminance(c) {
    const m = /^#([0-9a-f]{6})$/i.exec(c.trim());
    if (!m) return -1;
    const ch = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16) / 255)
      .map((v) => (v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)));
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  }

  applyLang(lang);
  setStatus(UI[lang].connecting);
  if (token) loadTyped();
  restart();
})();
