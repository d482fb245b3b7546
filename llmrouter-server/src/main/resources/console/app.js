// The console's shell: the key prompt, navigation, and the refresh loop.
import {api, on, storedKey, saveKey, forgetKey, KINDS} from './api.js';
import {h, fill} from './dom.js';
import {ChannelsView} from './channels.js';
import {TrafficView} from './traffic.js';
import {SettingsView} from './settings.js';

const REFRESH_MS = 5000;
const main = document.getElementById('main');
const login = document.getElementById('login');
const shell = document.getElementById('shell');
const banner = document.getElementById('offline');
let view = null;
let viewKey = '';
let timer = null;

function showLogin(message) {
  stop();
  shell.hidden = true;
  login.hidden = false;
  const err = document.getElementById('login-error');
  err.textContent = message || '';
  const input = document.getElementById('access-key');
  input.value = '';
  input.focus();
}

async function showShell() {
  login.hidden = true;
  shell.hidden = false;
  await route();
}

document.getElementById('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = document.getElementById('access-key').value.trim();
  const err = document.getElementById('login-error');
  if (!key) { err.textContent = 'Enter the access key.'; return; }
  err.textContent = 'Checking…';
  try {
    await api('GET', '/settings/fuzzy-mode', undefined, key);
    saveKey(key);
    err.textContent = '';
    await showShell();
  } catch (ex) {
    if (ex.status === 401) {
      document.getElementById('access-key').select();
      err.textContent = 'The server refused this key (401). Use the access key printed at start-up, '
        + 'or ADMIN_ACCESS_KEY when one is set.';
    } else {
      err.textContent = 'The server could not check the key: ' + ex.message;
    }
  }
});

document.getElementById('sign-out').addEventListener('click', () => {
  forgetKey();
  showLogin('Signed out. The key is forgotten by this tab.');
});

on('unauthorized', () => {
  if (!storedKey()) return;
  forgetKey();
  showLogin('The server no longer accepts the key (401). Enter it again.');
});
on('offline', () => { banner.hidden = false; });
on('online', () => { banner.hidden = true; });

function parseHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const page = ['channels', 'traffic', 'settings'].includes(parts[0]) ? parts[0] : 'channels';
  const kind = KINDS.some((k) => k.id === parts[1]) ? parts[1] : 'messages';
  return {page, kind};
}

async function route() {
  if (login.hidden === false) return;
  const {page, kind} = parseHash();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const key = page === 'settings' ? page : page + '/' + kind;
  if (key !== viewKey) {
    viewKey = key;
    const tabs = page === 'settings' ? null : h('nav.kinds', {'aria-label': 'API kind'},
      KINDS.map((k) => h('a', {href: `#/${page}/${k.id}`, 'data-kind': k.id, 'aria-current': k.id === kind ? 'page' : null}, k.label)));
    const body = h('div.view', {id: 'view-' + page, 'data-kind': page === 'settings' ? null : kind});
    fill(main, h('h1.sr', page), tabs, body);
    view = page === 'channels' ? new ChannelsView(body, kind) : page === 'traffic' ? new TrafficView(body, kind) : new SettingsView(body);
    document.title = `llmrouter · ${page}${page === 'settings' ? '' : ' · ' + kind}`;
  }
  await tick(true);
}

async function tick(force) {
  stop();
  const v = view;
  try {
    if (v) await v.refresh(force);
  } catch (e) {
    // Offline and 401 are shown by their listeners; anything else is shown in the view's place.
    if (e.status === undefined) console.error(e);
    if (e.status !== 0 && e.status !== 401 && v === view) fill(main.querySelector('.view'), h('p.error', e.message));
  }
  if (!shell.hidden && v === view) timer = setTimeout(() => tick(false), REFRESH_MS);
}

function stop() {
  clearTimeout(timer);
  timer = null;
}

window.addEventListener('hashchange', () => { route(); });

if (storedKey()) {
  api('GET', '/settings/fuzzy-mode').then(showShell, (e) => {
    if (e.status === 0) { showShell(); }
  });
} else {
  showLogin();
}
