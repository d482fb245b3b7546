// The add / edit form of a channel: every field of the channel file. The server validates; its
// 400 answer names a field, and the message is shown next to that field.
import {api, enc} from './api.js';
import {h, modal} from './dom.js';

const TYPES = ['claude', 'openai', 'gemini', 'responses'];

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter((s) => s);
}

/** "from = to" lines to an object; a line without '=' is reported. */
function mapping(text) {
  const out = {};
  for (const line of lines(text)) {
    const i = line.indexOf('=');
    if (i <= 0) throw {field: 'modelMapping', message: `expected "from = to": ${line}`};
    out[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return out;
}

/**
 * Opens the form for a new channel (c null) or an existing one, and resolves with the channel
 * saved, or undefined when cancelled.
 */
export function editChannel(kind, c) {
  const isNew = !c;
  const title = isNew ? `Add ${kind} channel` : `Edit ${c.name || c.id}`;
  return modal(title, (close) => {
    const fields = {};
    const errors = {};
    const field = (name, label, control, hint) => {
      fields[name] = control;
      control.id = 'f-' + name;
      control.name = name;
      errors[name] = h('div.field-error', {id: 'e-' + name, role: 'alert', 'data-field': name});
      control.setAttribute('aria-describedby', 'e-' + name);
      const check = control.type === 'checkbox';
      return h('div.field' + (check ? '.check' : ''), {'data-field': name},
        check ? [control, h('label', {for: control.id}, label)] : [h('label', {for: control.id}, label), control],
        hint ? h('div.hint', hint) : null, errors[name]);
    };
    const text = (v) => h('input', {type: 'text', value: v || '', autocomplete: 'off', spellcheck: 'false'});
    const area = (v, rows = 3) => h('textarea', {rows, spellcheck: 'false'}, v || '');
    const box = (v) => h('input', {type: 'checkbox', checked: !!v});
    const urls = c ? (c.baseUrls.length ? c.baseUrls : [c.baseUrl]) : [];
    const map = c ? Object.entries(c.modelMapping || {}).map(([a, b]) => `${a} = ${b}`).join('\n') : '';
    const general = h('div.form-error', {role: 'alert', id: 'form-error'});
    const form = h('form.channel-form', {id: 'channel-form', novalidate: true},
      h('div.grid2',
        field('name', 'Name', text(c && c.name)),
        isNew ? field('id', 'Id (optional)', text(''), 'Letters, digits, . _ : -; generated when empty.')
          : h('div.field', h('span.label', 'Id'), h('div.mono', c.id)),
        field('serviceType', 'Upstream type', h('select', TYPES.map((t) => h('option', {value: t, selected: c ? c.serviceType === t : t === defaultType(kind)}, t)))),
        field('status', 'Status', h('select', ['active', 'suspended', 'disabled'].map((s) => h('option', {value: s, selected: (c ? c.status : 'active') === s}, s)))),
        field('priority', 'Priority', h('input', {type: 'number', min: 0, value: c ? c.priority : ''}), 'Lower is tried first; empty puts it last.'),
        field('weight', 'Weight', h('input', {type: 'number', min: 0, value: c && c.weight !== null ? c.weight : ''}), 'Share among channels of equal priority.')),
      field('baseUrls', 'Base URLs', area(urls.join('\n'), 2), 'One per line; tried in order.'),
      isNew ? field('apiKeys', 'API keys', area('', 2), 'One per line. Later, manage keys with the Keys button.') : null,
      field('modelMapping', 'Model mapping', area(map, 2), 'One "client model = upstream model" per line.'),
      h('div.grid2',
        field('description', 'Description', text(c && c.description)),
        field('website', 'Website', text(c && c.website))),
      h('div.checks',
        field('insecureSkipVerify', 'Skip TLS verification', box(c && c.insecureSkipVerify)),
        field('lowQuality', 'Low quality (fill missing usage)', box(c && c.lowQuality)),
        field('injectDummyThoughtSignature', 'Inject dummy thought signature', box(c && c.injectDummyThoughtSignature)),
        field('stripThoughtSignature', 'Strip thought signature', box(c && c.stripThoughtSignature))),
      general,
      h('div.actions',
        h('button', {type: 'button', onclick: () => close(undefined)}, 'Cancel'),
        h('button.primary', {type: 'submit', id: 'save-channel'}, isNew ? 'Add channel' : 'Save')));
    const show = (fieldName, message) => {
      const base = String(fieldName || '').replace(/\[\d+\].*$/, '').replace(/\..*$/, '');
      const target = base === 'baseUrl' ? 'baseUrls' : base;
      if (errors[target]) {
        errors[target].textContent = message;
        fields[target].setAttribute('aria-invalid', 'true');
        fields[target].focus();
      } else {
        general.textContent = (fieldName ? fieldName + ': ' : '') + message;
      }
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const el of Object.values(errors)) el.textContent = '';
      for (const el of Object.values(fields)) el.removeAttribute('aria-invalid');
      general.textContent = '';
      let body;
      try {
        body = collect(fields, isNew);
      } catch (err) {
        show(err.field, err.message);
        return;
      }
      const save = form.querySelector('#save-channel');
      save.disabled = true;
      try {
        const r = isNew ? await api('POST', `/${kind}/channels`, body)
          : await api('PUT', `/${kind}/channels/${enc(c.id)}`, body);
        close(r.channel);
      } catch (err) {
        if (err.status !== 401) show(err.field, err.message);
      } finally {
        save.disabled = false;
      }
    });
    return form;
  }, {wide: true});
}

function defaultType(kind) {
  return kind === 'messages' ? 'claude' : kind === 'responses' ? 'responses' : 'gemini';
}

function collect(f, isNew) {
  const urls = lines(f.baseUrls.value);
  const num = (el) => (el.value.trim() === '' ? null : Number(el.value));
  const body = {
    name: f.name.value.trim(),
    serviceType: f.serviceType.value,
    status: f.status.value,
    baseUrl: urls[0] || '',
    baseUrls: urls.length > 1 ? urls : null,
    modelMapping: mapping(f.modelMapping.value),
    description: f.description.value.trim(),
    website: f.website.value.trim(),
    insecureSkipVerify: f.insecureSkipVerify.checked,
    lowQuality: f.lowQuality.checked,
    injectDummyThoughtSignature: f.injectDummyThoughtSignature.checked,
    stripThoughtSignature: f.stripThoughtSignature.checked,
    weight: num(f.weight),
  };
  const priority = num(f.priority);
  if (priority !== null) body.priority = priority;
  if (isNew) {
    const id = f.id.value.trim();
    if (id) body.id = id;
    body.apiKeys = lines(f.apiKeys.value);
    if (body.baseUrls === null) delete body.baseUrls;
    if (body.weight === null) delete body.weight;
  }
  return body;
}
