// Small DOM helpers: elements are built with h(), never from HTML strings, so data from the
// server is always text and the page needs no inline script or style.

/** h('button.primary', {onclick: f, 'aria-label': 'x'}, 'text', child, [more]) */
export function h(spec, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(spec);
  const el = document.createElement(m ? m[1] : spec);
  if (m) {
    for (const part of m[2].match(/[.#][\w-]+/g) || []) {
      if (part[0] === '.') el.classList.add(part.slice(1));
      else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** An SVG element with attributes. */
export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export function fmtInt(n) {
  return Number(n || 0).toLocaleString('en-US');
}

export function fmtPct(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return (Math.round(n * 10) / 10) + '%';
}

export function fmtMs(n) {
  if (!n) return '–';
  return n >= 1000 ? (n / 1000).toFixed(1) + ' s' : Math.round(n) + ' ms';
}

/** "4m 05s" style countdown, or '' when the instant has passed. */
export function countdown(untilIso, now = Date.now()) {
  if (!untilIso) return '';
  const s = Math.floor((Date.parse(untilIso) - now) / 1000);
  if (s <= 0) return '';
  const d = Math.floor(s / 86400), hr = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${hr}h`;
  if (hr > 0) return `${hr}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(s % 60).padStart(2, '0')}s`;
}

let toastTimer;
/** A short message in the corner; kind 'error' stays longer. */
export function toast(text, kind = 'info') {
  const box = document.getElementById('toast');
  fill(box, text);
  box.className = 'toast show ' + kind;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.className = 'toast'; }, kind === 'error' ? 8000 : 3000);
}

/** Opens a modal dialog built by build(close) and resolves with what close() was given. */
export function modal(title, build, {wide = false} = {}) {
  return new Promise((resolve) => {
    const dlg = h('dialog.modal' + (wide ? '.wide' : ''), {'aria-label': title});
    let done = false;
    const close = (value) => {
      if (done) return;
      done = true;
      dlg.close();
      dlg.remove();
      resolve(value);
    };
    dlg.addEventListener('cancel', (e) => { e.preventDefault(); close(undefined); });
    dlg.append(h('div.modal-head', h('h2', title),
      h('button.icon', {type: 'button', 'aria-label': 'Close', title: 'Close', onclick: () => close(undefined)}, '×')),
      h('div.modal-body', build(close)));
    document.body.append(dlg);
    dlg.showModal();
  });
}

/** Asks a yes/no question in a dialog. */
export function confirmDialog(title, text, yes = 'Confirm', danger = true) {
  return modal(title, (close) => [
    h('p', text),
    h('div.actions',
      h('button', {type: 'button', onclick: () => close(false)}, 'Cancel'),
      h('button' + (danger ? '.danger' : '.primary'), {type: 'button', 'data-confirm': '', onclick: () => close(true)}, yes)),
  ]).then((v) => v === true);
}
