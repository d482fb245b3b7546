// The channel list of one kind: health, traffic and every admin action on a channel.
import {api, enc, ApiError} from './api.js';
import {h, fill, fmtInt, fmtPct, fmtMs, countdown, toast, modal, confirmDialog} from './dom.js';
import {activityStrip} from './chart.js';
import {editChannel} from './editor.js';

/** Channels in routing order: priority, then list position. */
function ordered(channels) {
  return [...channels].sort((a, b) => (a.priority - b.priority) || (a.index - b.index));
}

export class ChannelsView {
  constructor(root, kind) {
    this.root = root;
    this.kind = kind;
    this.data = null;
    this.pings = {};
    this.open = new Set();
    this.dragging = null;
    this.busy = false;
  }

  async refresh() {
    if (this.dragging || this.busy) return;
    const k = this.kind;
    const [list, dash] = await Promise.all([api('GET', `/${k}/channels`), api('GET', `/${k}/channels/dashboard`)]);
    this.data = {list, dash};
    this.render(false);
  }

  /** Runs an admin call, shows its error, and refreshes the list. */
  async act(label, call) {
    this.busy = true;
    try {
      const result = await call();
      if (label) toast(label);
      return result;
    } catch (e) {
      if (e.status !== 401) toast(e.message, 'error');
      return undefined;
    } finally {
      this.busy = false;
      await this.refresh().catch(() => {});
    }
  }

  /**
   * Draws the list; a refresh that brings nothing new draws nothing, and the focused control is
   * focused again after a redraw, so keyboard users keep their place.
   */
  render(force = true) {
    const sig = JSON.stringify([this.data, this.pings, [...this.open]]);
    if (!force && sig === this.sig && !this.root.querySelector('.promo')) return;
    this.sig = sig;
    const active = document.activeElement;
    const inside = active && this.root.contains(active);
    const row = inside ? active.closest('tr[data-id]') : null;
    const focus = !inside ? null : row ? `tr[data-id="${CSS.escape(row.dataset.id)}"] [data-action="${active.dataset.action}"]`
      : active.id ? '#' + CSS.escape(active.id) : null;
    this.draw();
    const again = focus ? this.root.querySelector(focus) : null;
    if (again) again.focus();
  }

  draw() {
    const {list, dash} = this.data;
    const k = this.kind;
    const metrics = new Map((dash.metrics || []).map((m) => [m.channelId, m]));
    const stats = new Map(((dash.stats && dash.stats.channels) || []).map((s) => [s.id, s]));
    const activity = new Map((dash.recentActivity || []).map((a) => [a.channelId, a]));
    const channels = ordered(list.channels);
    const mode = dash.stats ? (dash.stats.multiChannelMode ? 'multi-channel failover' : 'single channel') : '';
    const head = h('div.toolbar',
      h('div.summary', h('b', `${channels.length} channel${channels.length === 1 ? '' : 's'}`),
        mode ? h('span.muted', ' · ' + mode) : null,
        dash.loadBalance ? h('span.muted', ' · load balance: ' + dash.loadBalance) : null,
        dash.stats ? h('span.muted', ` · breaker opens at ${dash.stats.failureThreshold}% failures, recovers after ${dash.stats.circuitRecoveryTime}`) : null),
      h('div.buttons',
        h('button', {type: 'button', id: 'ping-all', onclick: () => this.pingAll()}, 'Ping all'),
        h('button.primary', {type: 'button', id: 'add-channel', onclick: () => this.add()}, '+ Add channel')));
    const rows = channels.map((c, pos) => this.row(c, pos, channels, metrics.get(c.id), stats.get(c.id), activity.get(c.id)));
    const table = h('table.channels', {id: 'channel-table', 'aria-label': `${k} channels`},
      h('thead', h('tr',
        h('th', {scope: 'col'}, h('span.sr', 'Order')), h('th', {scope: 'col'}, 'Channel'), h('th', {scope: 'col'}, 'Type'),
        h('th', {scope: 'col'}, 'Base URLs'), h('th', {scope: 'col'}, 'Priority / weight'), h('th', {scope: 'col'}, 'Status'),
        h('th', {scope: 'col'}, 'Health'), h('th', {scope: 'col'}, 'Last 15 min'), h('th', {scope: 'col'}, 'Actions'))),
      h('tbody', rows));
    const empty = channels.length === 0 ? h('p.empty', 'No channels yet. Add one to start routing ', k, ' requests.') : null;
    fill(this.root, head, empty || table);
  }

  row(c, pos, channels, m, s, a) {
    const k = this.kind;
    const w15 = m && m.timeWindows ? m.timeWindows['15m'] : null;
    const promo = countdown(c.promotionUntil);
    const breakers = s ? s.breakers || [] : [];
    const open = breakers.filter((b) => b.state !== 'closed').length;
    const healthy = s ? s.healthy : true;
    const ping = this.pings[c.id];
    const tr = h('tr', {'data-id': c.id, 'data-status': c.status, draggable: 'true', class: 'status-' + c.status},
      h('td.order',
        h('span.grip', {'aria-hidden': 'true', title: 'Drag to reorder'}, '⋮⋮'),
        h('button.icon', {type: 'button', 'aria-label': `Move ${c.name || c.id} up`, title: 'Move up', disabled: pos === 0,
          'data-action': 'up', onclick: () => this.move(channels, pos, pos - 1)}, '↑'),
        h('button.icon', {type: 'button', 'aria-label': `Move ${c.name || c.id} down`, title: 'Move down',
          disabled: pos === channels.length - 1, 'data-action': 'down', onclick: () => this.move(channels, pos, pos + 1)}, '↓')),
      h('td.name', {'data-label': 'Channel'}, h('div.title', c.name || c.id), h('div.muted.small', c.id),
        c.description ? h('div.muted.small', c.description) : null),
      h('td', {'data-label': 'Type'}, h('span.tag', c.serviceType)),
      h('td.urls', {'data-label': 'Base URLs'}, (c.baseUrls.length ? c.baseUrls : [c.baseUrl]).map((u) => h('div.url', u)),
        h('div.muted.small', `${c.apiKeys.length} key${c.apiKeys.length === 1 ? '' : 's'}`)),
      h('td', {'data-label': 'Priority'}, h('span.prio', String(c.priority)), c.weight !== null ? h('span.muted', ` · w ${c.weight}`) : null),
      h('td', {'data-label': 'Status'}, h('span.badge.' + c.status, c.status),
        promo ? h('div.promo', {title: 'Promoted: tried first until ' + c.promotionUntil}, 'promoted ' + promo) : null),
      h('td', {'data-label': 'Health'},
        h('span.health.' + (healthy ? 'ok' : 'bad'), healthy ? 'healthy' : 'unhealthy'),
        s ? h('div.muted.small', `fail ${fmtPct(s.failureRate * 100)}`, open ? ` · ${open} breaker${open > 1 ? 's' : ''} open` : '') : null,
        ping ? h('div.small.ping.' + (ping.success ? 'ok' : 'bad'), ping.success ? `ping ${fmtMs(ping.latencyMs)}` : 'ping failed',
          ping.keyAccepted === false ? ' · key refused' : '') : null),
      h('td.traffic', {'data-label': 'Last 15 min'},
        h('div', h('b.req15', fmtInt(w15 ? w15.requestCount : 0)), ' req · ',
          h('span.rate15', w15 && w15.requestCount ? fmtPct(w15.successRate) : '–'), ' ok'),
        a ? activityStrip(a.segments) : null),
      h('td', {'data-label': 'Actions'}, h('div.actions-box',
        h('button', {type: 'button', 'data-action': 'edit', onclick: () => this.edit(c)}, 'Edit'),
        h('button', {type: 'button', 'data-action': 'keys', onclick: () => this.keys(c)}, 'Keys'),
        h('button', {type: 'button', 'data-action': 'ping', onclick: () => this.ping(c)}, 'Ping'),
        h('label.sr', {for: `status-${k}-${c.id}`}, 'Status'),
        h('select', {id: `status-${k}-${c.id}`, 'data-action': 'status', 'aria-label': `Status of ${c.name || c.id}`,
          onchange: (e) => this.setStatus(c, e.target.value)},
          ['active', 'suspended', 'disabled'].map((v) => h('option', {value: v, selected: v === c.status}, v))),
        h('button', {type: 'button', 'data-action': 'promote', onclick: () => this.promote(c)}, promo ? 'Promotion…' : 'Promote'),
        h('button', {type: 'button', 'data-action': 'resume', title: 'Close the breakers and clear the cooldowns of this channel',
          onclick: () => this.act(`Resumed ${c.name || c.id}`, () => api('POST', `/${k}/channels/${enc(c.id)}/resume`))}, 'Resume'),
        h('button', {type: 'button', 'data-action': 'details', 'aria-expanded': String(this.open.has(c.id)),
          onclick: () => { this.open.has(c.id) ? this.open.delete(c.id) : this.open.add(c.id); this.render(); }}, 'Health'),
        h('button.danger', {type: 'button', 'data-action': 'delete', onclick: () => this.remove(c)}, 'Delete'))));
    tr.addEventListener('dragstart', (e) => {
      this.dragging = c.id;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', c.id);
      tr.classList.add('dragging');
    });
    tr.addEventListener('dragend', () => { this.dragging = null; tr.classList.remove('dragging'); });
    tr.addEventListener('dragover', (e) => { e.preventDefault(); tr.classList.add('drop'); });
    tr.addEventListener('dragleave', () => tr.classList.remove('drop'));
    tr.addEventListener('drop', (e) => {
      e.preventDefault();
      const id = e.dataTransfer.getData('text/plain') || this.dragging;
      this.dragging = null;
      const from = channels.findIndex((x) => x.id === id);
      if (from >= 0 && from !== pos) this.move(channels, from, pos);
    });
    if (!this.open.has(c.id)) return tr;
    return [tr, h('tr.details', h('td', {colspan: 9}, this.details(s)))];
  }

  details(s) {
    if (!s) return h('p.muted', 'No scheduler state yet.');
    const now = (x) => (x === undefined ? '' : `${x}s`);
    return h('div.detail-grid',
      h('table.mini', {'aria-label': 'breakers'}, h('caption', 'Breakers (base URL × key)'),
        h('thead', h('tr', h('th', 'Base URL'), h('th', 'Key'), h('th', 'State'), h('th', 'Failures / results'), h('th', 'Probe in'))),
        h('tbody', (s.breakers || []).map((b) => h('tr', h('td.url', b.baseUrl), h('td.mono', b.key),
          h('td', h('span.state.' + b.state, b.state)), h('td', `${b.failures} / ${b.results}`), h('td', now(b.probeInSeconds)))))),
      h('table.mini', {'aria-label': 'cooldowns'}, h('caption', 'Cooldowns'),
        h('thead', h('tr', h('th', 'What'), h('th', 'Remaining'), h('th', 'Consecutive failures'))),
        h('tbody',
          (s.keyCooldowns || []).map((c) => h('tr', h('td.mono', 'key ' + c.key), h('td', now(c.remainingSeconds)), h('td', c.consecutiveFailures))),
          (s.baseUrlCooldowns || []).map((c) => h('tr', h('td.url', c.baseUrl), h('td', now(c.remainingSeconds)), h('td', c.consecutiveFailures))),
          !(s.keyCooldowns || []).length && !(s.baseUrlCooldowns || []).length ? h('tr', h('td', {colspan: 3}, 'none')) : null)),
      h('p.muted.small', `failure rate ${fmtPct(s.failureRate * 100)} · traces bound ${s.affinityCount}`));
  }

  /** Moves a channel in the routing order and gives every channel its new priority. */
  move(channels, from, to) {
    const order = channels.map((c) => c.id);
    const [id] = order.splice(from, 1);
    order.splice(to, 0, id);
    return this.act('Order saved', () => api('POST', `/${this.kind}/channels/reorder`, {order}));
  }

  async add() {
    const saved = await editChannel(this.kind, null);
    if (saved) { toast(`Added ${saved.name || saved.id}`); await this.refresh(); }
  }

  async edit(c) {
    const saved = await editChannel(this.kind, c);
    if (saved) { toast(`Saved ${saved.name || saved.id}`); await this.refresh(); }
  }

  async remove(c) {
    const ok = await confirmDialog('Delete channel', `Delete the ${this.kind} channel “${c.name || c.id}”? `
      + 'Its keys are removed from the channel file (a backup is kept).', 'Delete');
    if (ok) await this.act(`Deleted ${c.name || c.id}`, () => api('DELETE', `/${this.kind}/channels/${enc(c.id)}`));
  }

  setStatus(c, status) {
    return this.act(`${c.name || c.id} is ${status}`,
      () => api('PATCH', `/${this.kind}/channels/${enc(c.id)}/status`, {status}));
  }

  async promote(c) {
    const minutes = await modal('Promote channel', (close) => {
      const input = h('input', {type: 'number', id: 'promote-minutes', min: 0, max: 5256000, value: 30, required: true});
      return h('form', {onsubmit: (e) => { e.preventDefault(); close(Number(input.value)); }},
        h('p', `A promoted channel is tried first, before priorities, until the time runs out. Only one ${this.kind} channel is promoted at a time.`),
        h('label', {for: 'promote-minutes'}, 'Minutes (0 ends the promotion)'), input,
        c.promotionUntil ? h('p.muted', 'Promoted now for ' + countdown(c.promotionUntil)) : null,
        h('div.actions', c.promotionUntil ? h('button', {type: 'button', onclick: () => close(0)}, 'End promotion') : null,
          h('button.primary', {type: 'submit'}, 'Promote')));
    });
    if (minutes === undefined || Number.isNaN(minutes)) return;
    await this.act(minutes ? `${c.name || c.id} promoted for ${minutes} min` : 'Promotion ended',
      () => api('POST', `/${this.kind}/channels/${enc(c.id)}/promotion`, {duration: Math.round(minutes * 60)}));
  }

  async ping(c) {
    const r = await this.act(null, () => api('GET', `/${this.kind}/ping/${enc(c.id)}`));
    if (!r) return;
    this.pings[c.id] = r;
    this.render();
    await modal(`Ping ${c.name || c.id}`, (close) => [
      h('table.mini', {id: 'ping-result'}, h('thead', h('tr', h('th', 'Base URL'), h('th', 'Reachable'), h('th', 'Latency'), h('th', 'HTTP'), h('th', 'Key'))),
        h('tbody', (r.results || []).map((x) => h('tr', h('td.url', x.baseUrl), h('td', x.reachable ? 'yes' : 'no'),
          h('td', fmtMs(x.latencyMs)), h('td', x.statusCode || x.error || ''),
          h('td', x.keyAccepted === true ? 'accepted' : x.keyAccepted === false ? 'refused' : '–'))))),
      r.error ? h('p.error', r.error) : null,
      h('div.actions', h('button.primary', {type: 'button', onclick: () => close()}, 'Close'))]);
  }

  async pingAll() {
    const r = await this.act(null, () => api('GET', `/${this.kind}/ping`));
    if (!r) return;
    for (const p of r.channels) this.pings[p.id] = p;
    const ok = r.channels.filter((p) => p.success).length;
    toast(`${ok} of ${r.channels.length} channels answered`);
    this.render();
  }

  async keys(c) {
    const k = this.kind;
    const base = `/${k}/channels/${enc(c.id)}/keys`;
    let channel = c;
    await modal(`Keys of ${c.name || c.id}`, () => {
      const list = h('ul.keys', {id: 'key-list'});
      const error = h('p.field-error', {id: 'key-error', role: 'alert'});
      const input = h('input', {id: 'new-key', type: 'password', autocomplete: 'off', spellcheck: 'false',
        placeholder: 'sk-…', 'aria-describedby': 'key-error'});
      const run = async (call) => {
        error.textContent = '';
        try {
          const r = await call();
          channel = r.channel;
          draw();
          return true;
        } catch (e) {
          if (e.status !== 401) error.textContent = e.message;
          return false;
        }
      };
      const draw = () => fill(list, channel.apiKeys.length === 0 ? h('li.muted', 'No keys: the channel is suspended until one is added.') :
        channel.apiKeys.map((key, i) => h('li', {'data-fingerprint': key.fingerprint},
          h('span.mono.masked', key.masked), h('span.muted.small', ' ' + key.fingerprint),
          h('span.key-actions',
            h('button.icon', {type: 'button', 'aria-label': `Move key ${key.masked} to the top`, title: 'Move to top', disabled: i === 0,
              'data-action': 'top', onclick: () => run(() => api('POST', `${base}/${enc(key.fingerprint)}/top`))}, '⤒'),
            h('button.icon', {type: 'button', 'aria-label': `Move key ${key.masked} to the bottom`, title: 'Move to bottom',
              disabled: i === channel.apiKeys.length - 1, 'data-action': 'bottom',
              onclick: () => run(() => api('POST', `${base}/${enc(key.fingerprint)}/bottom`))}, '⤓'),
            h('button.danger', {type: 'button', 'aria-label': `Remove key ${key.masked}`, 'data-action': 'remove-key',
              onclick: async () => {
                if (await confirmDialog('Remove key', `Remove the key ${key.masked}? It stays in the channel's history.`, 'Remove')) {
                  await run(() => api('DELETE', `${base}/${enc(key.fingerprint)}`));
                }
              }}, 'Remove')))));
      draw();
      return [
        h('p.muted', 'Keys are tried from the top. They are shown masked; the full key never leaves the server.'),
        list,
        h('form.add-key', {onsubmit: async (e) => {
          e.preventDefault();
          if (await run(() => api('POST', base, {apiKey: input.value.trim()}))) input.value = '';
        }}, h('label', {for: 'new-key'}, 'Add a key'), h('div.inline', input, h('button.primary', {type: 'submit', id: 'add-key'}, 'Add')), error),
      ];
    }, {wide: true});
    await this.refresh();
  }
}

export {ApiError};
