// Traffic of one kind: charts from the history endpoints (latency p50 / p95 per bucket from the
// latency history when metrics are persisted), latency of the last 15 minutes, and a
// live strip of the last 15 minutes per channel from the dashboard's activity.
import {api, enc} from './api.js';
import {h, fill, fmtInt, fmtPct, fmtMs} from './dom.js';
import {lineChart, activityStrip, barChart} from './chart.js';

const RANGES = ['1h', '6h', '24h', 'today'];
const C = {requests: '#2563eb', failures: '#dc2626', success: '#16a34a', input: '#7c3aed', output: '#ea580c',
  p50: '#0891b2', p95: '#9333ea'};

export class TrafficView {
  constructor(root, kind) {
    this.root = root;
    this.kind = kind;
    this.range = sessionStorage.getItem('llmrouter.range') || '1h';
    this.channel = '';
    this.charts = h('div.charts', {id: 'charts'});
    this.live = h('div.live', {id: 'live'});
    this.summary = h('div.cards', {id: 'summary'});
    this.controls = h('div.toolbar');
    fill(root, this.controls, this.summary, h('h2.section', 'Last 15 minutes, live'), this.live,
      h('h2.section', 'History'), this.charts);
    this.channels = [];
    this.lastCharts = 0;
  }

  /** The live strip every call; the charts when asked, or every 30 seconds. */
  async refresh(force = false) {
    const dash = await api('GET', `/${this.kind}/channels/dashboard`);
    const ids = JSON.stringify(dash.channels.map((c) => [c.id, c.name]));
    this.channels = dash.channels;
    if (ids !== this.ids || force) {
      this.ids = ids;
      const focused = document.activeElement && this.controls.contains(document.activeElement) ? document.activeElement : null;
      const key = focused ? (focused.id ? '#' + focused.id : `[data-range="${focused.dataset.range}"]`) : null;
      this.renderControls();
      const again = key ? this.controls.querySelector(key) : null;
      if (again) again.focus();
    }
    this.renderLive(dash);
    if (force || Date.now() - this.lastCharts > 30000) {
      this.lastCharts = Date.now();
      await this.renderCharts(dash);
    }
  }

  renderControls() {
    const select = h('select', {id: 'traffic-channel', 'aria-label': 'Channel', onchange: (e) => { this.channel = e.target.value; this.refresh(true); }},
      h('option', {value: ''}, 'All channels'),
      this.channels.map((c) => h('option', {value: c.id, selected: c.id === this.channel}, c.name || c.id)));
    fill(this.controls,
      h('div.segmented', {role: 'group', 'aria-label': 'Time range'}, RANGES.map((r) => h('button', {type: 'button',
        'aria-pressed': String(r === this.range), 'data-range': r,
        onclick: () => { this.range = r; sessionStorage.setItem('llmrouter.range', r); this.refresh(true); }}, r === 'today' ? 'Today' : r))),
      h('label.sr', {for: 'traffic-channel'}, 'Channel'), select);
  }

  renderLive(dash) {
    const acts = dash.recentActivity || [];
    const names = new Map(dash.channels.map((c) => [c.id, c.name || c.id]));
    fill(this.live, acts.length === 0 ? h('p.muted', 'No channels.') : acts.map((a) => {
      const req = a.segments.reduce((s, x) => s + x.requestCount, 0);
      const fail = a.segments.reduce((s, x) => s + x.failureCount, 0);
      return h('div.live-row', {'data-channel': a.channelId, 'data-requests': req},
        h('span.live-name', names.get(a.channelId) || a.channelId),
        activityStrip(a.segments),
        h('span.live-num', `${fmtInt(req)} req`, fail ? h('span.bad', ` · ${fmtInt(fail)} failed`) : null,
          ` · ${Math.round(a.rpm * 10) / 10} rpm · ${fmtInt(Math.round(a.tpm))} tpm`));
    }));
  }

  async renderCharts(dash) {
    const k = this.kind;
    const q = `duration=${enc(this.range)}`;
    const charts = [];
    if (!this.channel) {
      const g = await api('GET', `/${k}/global/stats/history?${q}`);
      const p = g.dataPoints, t = p.map((x) => x.timestamp), s = g.summary;
      fill(this.summary,
        card('Requests', fmtInt(s.totalRequests), 'total-requests'),
        card('Success rate', s.totalRequests ? fmtPct(s.avgSuccessRate) : '–', 'success-rate'),
        card('Failures', fmtInt(s.totalFailure), 'total-failures'),
        card('Input tokens', fmtInt(s.totalInputTokens), 'input-tokens'),
        card('Output tokens', fmtInt(s.totalOutputTokens), 'output-tokens'));
      charts.push(lineChart('Requests and failures', t, [
        {name: 'requests', color: C.requests, values: p.map((x) => x.requestCount)},
        {name: 'failures', color: C.failures, values: p.map((x) => x.failureCount)}]));
      charts.push(lineChart('Tokens', t, [
        {name: 'input', color: C.input, values: p.map((x) => x.inputTokens)},
        {name: 'output', color: C.output, values: p.map((x) => x.outputTokens)}]));
    } else {
      const all = await api('GET', `/${k}/channels/metrics/history?${q}`);
      const mine = all.find((x) => x.channelId === this.channel);
      const keys = await api('GET', `/${k}/channels/${enc(this.channel)}/keys/metrics/history?${q}`);
      const p = mine ? mine.dataPoints : [], t = p.map((x) => x.timestamp);
      const total = p.reduce((a, x) => a + x.requestCount, 0), failed = p.reduce((a, x) => a + x.failureCount, 0);
      fill(this.summary, card('Requests', fmtInt(total), 'total-requests'),
        card('Success rate', total ? fmtPct(100 * (total - failed) / total) : '–', 'success-rate'),
        card('Failures', fmtInt(failed), 'total-failures'));
      charts.push(lineChart('Requests and failures', t, [
        {name: 'requests', color: C.requests, values: p.map((x) => x.requestCount)},
        {name: 'failures', color: C.failures, values: p.map((x) => x.failureCount)}]));
      if (keys.keys.length) {
        const kt = keys.keys[0].dataPoints.map((x) => x.timestamp);
        charts.push(lineChart('Tokens by key (input + output)', kt, keys.keys.map((key) => ({name: key.keyMask, color: key.color,
          values: key.dataPoints.map((x) => x.inputTokens + x.outputTokens)}))));
      }
    }
    const metrics = await api('GET', `/${k}/channels/metrics`);
    const rows = metrics.filter((m) => (!this.channel || m.channelId === this.channel) && m.latencyPercentiles.count > 0)
      .map((m) => ({label: m.channelName || m.channelId, values: [
        {name: 'p50', value: m.latencyPercentiles.p50, cls: 'p50'},
        {name: 'p95', value: m.latencyPercentiles.p95, cls: 'p95'}]}));
    const lat = await api('GET', `/${k}/channels/latency?${q}${this.channel ? '&channel=' + enc(this.channel) : ''}`);
    if (lat.persisted) {
      const p = lat.dataPoints, s = lat.summary;
      const overall = {p50: s.p50, p95: s.p95};
      charts.push(lineChart('Latency p50 / p95', p.map((x) => x.timestamp), [
        {name: 'p50', color: C.p50, values: p.map((x) => x.p50)},
        {name: 'p95', color: C.p95, values: p.map((x) => x.p95)}],
      {legend: (x) => overall[x.name] === null ? '–' : fmtMs(overall[x.name])}));
    }
    const bars = barChart('Latency p50 / p95 (last 15 minutes)', rows, fmtMs);
    if (!lat.persisted) {
      bars.append(h('p.muted.note', {id: 'latency-note'},
        'Latency over this range needs the metrics history (metrics persistence is off): the last 15 minutes only.'));
    }
    charts.push(bars);
    fill(this.charts, charts);
  }
}

function card(label, value, id) {
  return h('div.card.stat', {'data-stat': id}, h('div.stat-label', label), h('div.stat-value', value));
}
