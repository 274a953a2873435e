// eidbot widget: one script tag on a host page,
//   <script src="https://bot.example.org/webchat/widget.js" data-lang="ko" data-point="pa08_hcmc" async></script>
// draws a launcher button (in a shadow root, so the host's styles do not
// reach it) that opens the chat in an iframe from the bot's origin (its own
// styles, storage and Content-Security-Policy). The host may theme it with
// --eidbot-accent and --eidbot-accent-text (6-digit hex colours) on any
// ancestor; a pair with too little contrast is ignored.
'use strict';
(() => {
  const me = document.currentScript;
  if (!me || window.eidbotWidget) return;
  window.eidbotWidget = true;
  const base = new URL('./', me.src);
  const LABEL = { vi: 'Hỏi đáp VNeID', en: 'VNeID help', zh: 'VNeID 咨询', ko: 'VNeID 안내' };
  const hint = (me.dataset.lang || document.documentElement.lang || 'vi').slice(0, 2).toLowerCase();
  const lang = LABEL[hint] ? hint : 'vi';
  const point = /^[a-z0-9_]{1,40}$/.test(me.dataset.point || '') ? me.dataset.point : '';

  const css = `
    :host { all: initial; }
    .launcher { position: fixed; right: 1rem; bottom: 1rem; z-index: 2147483000; display: inline-flex; align-items: center; gap: .5rem;
      min-height: 3.25rem; padding: .625rem 1.125rem; border: 0; border-radius: 1.625rem; cursor: pointer;
      background: var(--eidbot-accent, #0b5cad); color: var(--eidbot-accent-text, #fff);
      font: 700 1rem/1.2 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; box-shadow: 0 4px 14px rgba(0,0,0,.3); }
    .launcher:focus-visible { outline: 3px solid #b3400a; outline-offset: 3px; box-shadow: 0 0 0 6px #fff; }
    .launcher svg { width: 1.5rem; height: 1.5rem; flex: none; }
    .panel { position: fixed; right: 1rem; bottom: 5rem; z-index: 2147483001; width: min(26rem, calc(100vw - 2rem));
      height: min(42rem, calc(100vh - 6.5rem)); border-radius: .875rem; overflow: hidden; background: #fff;
      box-shadow: 0 10px 40px rgba(0,0,0,.35); }
    .panel[hidden] { display: none; }
    iframe { display: block; width: 100%; height: 100%; border: 0; }
    @media (max-width: 30rem), (max-height: 30rem) {
      .panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
      :host([data-open]) .launcher { display: none; }
    }`;
  const host = document.createElement('div');
  host.id = 'eidbot-webchat';
  const root = host.attachShadow({ mode: 'open' });
  // A constructed style sheet is not an inline <style>, so a host whose
  // Content-Security-Policy forbids inline styles still shows the widget.
  if ('adoptedStyleSheets' in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'launcher';
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'eidbot-panel');
  // Built node by node: a host enforcing Trusted Types refuses innerHTML.
  const SVG = 'http://www.w3.org/2000/svg';
  const icon = document.createElementNS(SVG, 'svg');
  icon.setAttribute('viewBox', '0 0 24 24');
  icon.setAttribute('aria-hidden', 'true');
  icon.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z');
  icon.appendChild(path);
  button.appendChild(icon);
  const label = document.createElement('span');
  label.textContent = LABEL[lang];
  button.appendChild(label);
  const panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'eidbot-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'region');
  panel.setAttribute('aria-label', LABEL[lang]);
  root.append(panel, button);
  let frame = null;

  function themed() {
    const cs = getComputedStyle(host);
    const q = new URLSearchParams({ embed: '1', lang });
    if (point) q.set('point', point);
    const accent = cs.getPropertyValue('--eidbot-accent').trim();
    const on = cs.getPropertyValue('--eidbot-accent-text').trim();
    if (accent && on) { q.set('accent', accent); q.set('accent-text', on); }
    return new URL('?' + q, base).href;
  }
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = LABEL[lang];
      frame.src = themed();
      frame.addEventListener('load', focusFrame);
      panel.appendChild(frame);
    } else {
      focusFrame();
    }
    panel.hidden = false;
    host.setAttribute('data-open', '');
    // The name stays the visible label (WCAG 2.5.3); aria-expanded says
    // the panel is open, and a second press closes it.
    button.setAttribute('aria-expanded', 'true');
  }
  function focusFrame() {
    frame.focus();
    frame.contentWindow.postMessage({ eidbot: 'focus' }, base.origin);
  }
  function close() {
    panel.hidden = true;
    host.removeAttribute('data-open');
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
  button.addEventListener('click', () => (panel.hidden ? open() : close()));
  window.addEventListener('message', (e) => {
    if (frame && e.source === frame.contentWindow && e.origin === base.origin && e.data && e.data.eidbot === 'close') close();
  });
  root.addEventListener('keydown', (e) => { if (e.key === 'Escape' && !panel.hidden) close(); });
  const add = () => document.body.appendChild(host);
  if (document.body) add(); else document.addEventListener('DOMContentLoaded', add);
})();
