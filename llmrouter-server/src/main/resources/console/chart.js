// Charts as plain SVG: a line chart for time series, an activity strip, and bar pairs.
import {h, svg, fmtInt} from './dom.js';

const W = 640, H = 200, L = 48, R = 10, T = 12, B = 26;

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function shortNum(v) {
  if (v >= 1e6) return (v / 1e6).toFixed(v % 1e6 ? 1 : 0) + 'M';
  if (v >= 1e3) return (v / 1e3).toFixed(v % 1e3 ? 1 : 0) + 'k';
  return String(Math.round(v * 100) / 100);
}

function timeLabel(iso, long) {
  const d = new Date(iso);
  const t = d.toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'});
  return long ? d.toLocaleDateString('en-GB', {day: '2-digit', month: 'short'}) + ' ' + t : t;
}

/**
 * A line chart. series: [{name, color, values}], times: ISO strings (one per value); a null value is
 * a gap (the line joins the points around it, each point is marked). Each polyline carries data-total
 * (the sum of its values), data-max and data-points (how many values) so tests can read what was
 * drawn. legend(series) gives a series' legend figure instead of its sum.
 */
export function lineChart(title, times, series, {unit = '', legend: legendText} = {}) {
  const n = times.length;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))));
  const x = (i) => L + (n <= 1 ? 0 : (i * (W - L - R)) / (n - 1));
  const y = (v) => T + (H - T - B) * (1 - v / max);
  const root = svg('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': title});
  for (let g = 0; g <= 4; g++) {
    const v = (max * g) / 4;
    root.append(svg('line', {x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid'}),
      svg('text', {x: L - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end'}, shortNum(v)));
  }
  const long = n > 1 && Date.parse(times[n - 1]) - Date.parse(times[0]) > 20 * 3600e3;
  const ticks = Math.min(6, n);
  for (let t = 0; t < ticks; t++) {
    const i = ticks === 1 ? 0 : Math.round((t * (n - 1)) / (ticks - 1));
    root.append(svg('text', {x: x(i), y: H - 8, class: 'axis',
      'text-anchor': t === 0 ? 'start' : t === ticks - 1 ? 'end' : 'middle'}, timeLabel(times[i], long)));
  }
  for (const s of series) {
    const shown = s.values.map((v, i) => [v, i]).filter(([v]) => v !== null);
    const pts = shown.map(([v, i]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    root.append(svg('polyline', {points: pts, fill: 'none', stroke: s.color, 'stroke-width': 2,
      class: 'series', 'data-series': s.name, 'data-total': shown.reduce((a, [v]) => a + v, 0),
      'data-max': Math.max(0, ...shown.map(([v]) => v)), 'data-points': shown.length}));
    if (shown.length < s.values.length) {
      for (const [v, i] of shown) root.append(svg('circle', {cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5,
        fill: s.color, class: 'point', 'data-series': s.name}));
    }
  }
  const legend = h('div.legend', series.map((s) => h('span.key', h('i.swatch', {'data-color': s.color}), s.name + ' ',
    h('b', legendText ? legendText(s) : fmtInt(s.values.reduce((a, b) => a + b, 0)) + unit))));
  // The swatch colours are set through the CSSOM (allowed by the page's style-src 'self').
  legend.querySelectorAll('.swatch').forEach((el) => { el.style.background = el.dataset.color; });
  return h('figure.card.chart-card', {'data-chart': title},
    h('figcaption', title), root, legend);
}

/** The last 15 minutes as 150 six-second columns: successes up, failures in red. */
export function activityStrip(segments) {
  const n = segments.length || 150;
  const max = Math.max(1, ...segments.map((s) => s.requestCount));
  const w = 300, hh = 28;
  const root = svg('svg', {viewBox: `0 0 ${w} ${hh}`, class: 'strip', preserveAspectRatio: 'none', role: 'img',
    'aria-label': 'requests in the last 15 minutes'});
  const bw = w / n;
  segments.forEach((s, i) => {
    if (!s.requestCount) return;
    const total = (hh - 2) * (s.requestCount / max);
    const fail = (hh - 2) * (s.failureCount / max);
    root.append(svg('rect', {x: i * bw, y: hh - total, width: Math.max(bw - 0.3, 0.5), height: total - fail, class: 'ok'}));
    if (fail > 0) root.append(svg('rect', {x: i * bw, y: hh - fail, width: Math.max(bw - 0.3, 0.5), height: fail, class: 'bad'}));
  });
  return root;
}

/** Horizontal bars: rows of {label, values: [{name, value, cls}]}. */
export function barChart(title, rows, format) {
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v.value)));
  return h('figure.card.chart-card', {'data-chart': title}, h('figcaption', title),
    rows.length === 0 ? h('p.muted', 'No requests in the last 15 minutes.') :
      h('div.bars', rows.map((r) => h('div.bar-row', h('span.bar-label', r.label),
        h('div.bar-stack', r.values.map((v) => {
          const bar = h('div.bar.' + v.cls, {title: `${v.name}: ${format(v.value)}`}, h('span', `${v.name} ${format(v.value)}`));
          bar.style.width = Math.max(2, (100 * v.value) / max) + '%';
          return bar;
        }))))));
}
