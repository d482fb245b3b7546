// Fuzzy mode, and the settings in force (read-only; secrets arrive masked from the server).
import {api} from './api.js';
import {h, fill, toast} from './dom.js';

export class SettingsView {
  constructor(root) {
    this.root = root;
    this.loaded = false;
  }

  async refresh() {
    if (this.loaded) return;
    const [fuzzy, settings] = await Promise.all([api('GET', '/settings/fuzzy-mode'), api('GET', '/settings')]);
    this.loaded = true;
    const toggle = h('input', {type: 'checkbox', id: 'fuzzy-mode', checked: fuzzy.fuzzyModeEnabled, onchange: async (e) => {
      const want = e.target.checked;
      try {
        const r = await api('PUT', '/settings/fuzzy-mode', {enabled: want});
        e.target.checked = r.fuzzyModeEnabled;
        toast(`Fuzzy mode ${r.fuzzyModeEnabled ? 'on' : 'off'}`);
      } catch (err) {
        e.target.checked = !want;
        if (err.status !== 401) toast(err.message, 'error');
      }
    }});
    fill(this.root,
      h('section.card.setting',
        h('div.check', toggle, h('label', {for: 'fuzzy-mode'}, h('b', 'Fuzzy mode'))),
        h('p.muted', 'When on, any upstream error (even a 400) moves on to the next key or channel, '
          + 'as the original proxy did. When off, a client error is returned to the client at once.')),
      h('section.card',
        h('h2', 'Settings in force'),
        h('p.muted', 'Read from reference.conf, application.conf and the environment at start-up; change them there and restart. Secrets are masked.'),
        h('table.settings', {id: 'settings-table'}, h('tbody', rows(settings.settings, '')))));
  }
}

function rows(obj, prefix) {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const name = prefix + k;
    if (v && typeof v === 'object' && !Array.isArray(v)) out.push(...rows(v, name + '.'));
    else out.push(h('tr', {'data-setting': name}, h('th', {scope: 'row'}, name), h('td.mono', show(name, v))));
  }
  return out;
}

function show(name, v) {
  if (v !== '') return JSON.stringify(v);
  if (name === 'accessKey') return '(generated at start-up)';
  if (name === 'adminAccessKey') return '(the access key)';
  return '(not set)';
}
