// Line charts over uPlot (a WebJar): named series of (x, y) points on a shared x axis, redrawn as
// points arrive. Colours are Okabe–Ito, as in the service's own pictures, one per arm.

import { h, fill } from './ui.js';

export const ARM_COLORS = {
  PRETRAIN: '#0072B2', FINETUNE: '#E69F00', SCRATCH: '#CC79A7', PIXELS: '#595959', EVALUATE: '#009E73',
};
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000'];
const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3]];
const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dash-dotted'];

function dashName(pattern) {
  const i = DASHES.indexOf(pattern);
  return i > 0 ? ` (${DASH_NAMES[i]})` : '';
}

/** A colour for the i-th series when arms do not decide it. */
export function paletteColor(i) {
  return PALETTE[i % PALETTE.length];
}

/**
 * A chart in `container` titled `title`, x axis `xLabel`, y axis `yLabel`. Series are
 * {label, color, dash, points: Map x -> y}; call update() after changing them. A text summary
 * beside the canvas says the last value of each series for those who cannot see the lines.
 */
export function lineChart({ title, xLabel, yLabel, percent = false }) {
  const container = h('div', { class: 'chart' });
  const series = [];
  let plot = null;
  let stale = true; // the series changed: build the plot again
  const canvasBox = h('div', { class: 'chart-canvas', role: 'img', 'aria-label': title });
  const summary = h('ul', { class: 'chart-summary' });
  const empty = h('p', { class: 'hint' }, 'No points yet.');
  fill(container, h('h3', {}, title), canvasBox, empty, summary);

  function data() {
    const xs = [...new Set(series.flatMap(s => [...s.points.keys()]))].sort((a, b) => a - b);
    return [xs, ...series.map(s => xs.map(x => (s.points.has(x) ? s.points.get(x) : null)))];
  }

  function build() {
    if (plot) {
      plot.destroy();
    }
    const width = Math.max(320, Math.min(900, container.clientWidth || 640));
    plot = new window.uPlot({
      width, height: 280,
      legend: { show: false }, // the list under the chart says the same in words
      scales: {
        x: { time: false, range: (u, min, max) => [Math.min(0, min), Math.max(1, max)] },
        y: percent ? { range: [0, 1] } : { range: (u, min, max) => (min === max ? [min - 0.5, max + 0.5] : [min, max]) },
      },
      axes: [
        { label: xLabel, stroke: '#333', grid: { stroke: '#e5e5e5' } },
        { label: yLabel, stroke: '#333', grid: { stroke: '#e5e5e5' }, size: 60,
          values: (u, vals) => vals.map(v => (percent ? `${(100 * v).toFixed(0)} %` : formatNumber(v))) },
      ],
      series: [{ label: xLabel }, ...series.map((s, i) => ({
        label: s.label, stroke: s.color || paletteColor(i), width: 2, dash: s.dash || DASHES[0],
        spanGaps: true, points: { show: true, size: 5 },
        value: (u, v) => (v === null || v === undefined ? '–' : percent ? `${(100 * v).toFixed(1)} %` : formatNumber(v)),
      }))],
    }, data(), canvasBox);
  }

  return {
    /** The element holding the chart: put it in the page. */
    element: container,
    /** Adds (or finds) a series by key. */
    series(key, options) {
      let s = series.find(x => x.key === key);
      if (!s) {
        s = { key, points: new Map(), ...options };
        series.push(s);
        stale = true;
      }
      return s;
    },
    update() {
      const any = series.some(s => s.points.size > 0);
      empty.hidden = any;
      canvasBox.hidden = !any;
      if (!any) {
        return;
      }
      if (!plot || stale) {
        build();
        stale = false;
      } else {
        plot.setData(data());
      }
      fill(summary, series.filter(s => s.points.size).map(s => {
        const last = [...s.points.entries()].sort((a, b) => a[0] - b[0]).pop();
        const value = percent ? `${(100 * last[1]).toFixed(1)} %` : formatNumber(last[1]);
        return h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true', dataset: { color: s.color || '' } }),
          `${s.label}${dashName(s.dash)}: ${value} at ${xLabel.toLowerCase()} ${last[0]}`);
      }));
      summary.querySelectorAll('.swatch').forEach(el => {
        el.style.backgroundColor = el.dataset.color || '#333';
      });
    },
    destroy() {
      if (plot) {
        plot.destroy();
      }
    },
  };
}

export function dash(i) {
  return DASHES[i % DASHES.length];
}

function formatNumber(v) {
  if (v === null || v === undefined) {
    return '–';
  }
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 10000) ? v.toExponential(2) : Number(v.toFixed(3)).toString();
}
