// Chosen experiments side by side: one metric per epoch on one chart (a colour per experiment, a
// dash per arm) and their results on the first test set in one table.

import { api } from '../api.js';
import { h, fill, table, stateBadge, pct, points, field, select } from '../ui.js';
import { lineChart, paletteColor, dash } from '../charts.js';

const ARM_DASH = { PRETRAIN: 0, FINETUNE: 1, SCRATCH: 2, PIXELS: 3, EVALUATE: 3 };

export async function compareView(main, ctx, idList) {
  const ids = (idList || '').split(',').filter(Boolean);
  const recent = await api('/v1/experiments?size=50', { signal: ctx.signal });
  const picker = h('fieldset', { class: 'picker' }, h('legend', {}, 'Experiments to compare'),
    recent.items.length ? recent.items.map((e, i) => {
      const box = h('input', { type: 'checkbox', value: e.id, id: `cmp-${i}`, checked: ids.includes(e.id) });
      return h('div', { class: 'check' }, box, h('label', { for: `cmp-${i}` }, `${e.name} (${e.state.toLowerCase()})`));
    }) : h('p', {}, 'No experiments yet.'));
  const show = h('button', { type: 'submit' }, 'Compare');
  const form = h('form', { class: 'card', 'aria-label': 'Choose experiments' }, picker, show);
  form.addEventListener('submit', event => {
    event.preventDefault();
    const chosen = [...picker.querySelectorAll('input:checked')].map(b => b.value);
    location.hash = `#/compare/${chosen.join(',')}`;
  });
  if (!ids.length) {
    fill(main, h('h1', {}, 'Compare experiments'), h('p', {}, 'Choose two or more experiments.'), form);
    return;
  }
  const chosen = await Promise.all(ids.map(async id => {
    const experiment = await api(`/v1/experiments/${encodeURIComponent(id)}`, { signal: ctx.signal });
    const metrics = await api(`/v1/experiments/${encodeURIComponent(id)}/metrics`, { signal: ctx.signal });
    return { experiment, metrics };
  }));
  const names = [...new Set(chosen.flatMap(c => c.metrics.map(p => p.name)).filter(n => !n.includes('/')))].sort();
  const preferred = ['validationAccuracy', 'knnAccuracy', 'loss'].find(n => names.includes(n)) || names[0];
  const metric = select('metric', names, preferred);
  const chartBox = h('div', { class: 'charts' });
  let chart = null;

  function draw() {
    if (chart) {
      chart.destroy();
    }
    const name = metric.value;
    chart = lineChart({ title: `${name} by epoch`, xLabel: 'Epoch', yLabel: name, percent: /accuracy/i.test(name) });
    chosen.forEach((c, i) => {
      for (const p of c.metrics.filter(x => x.name === name)) {
        chart.series(`${c.experiment.id}/${p.kind}`, { label: `${c.experiment.name} ${p.kind.toLowerCase()}`,
          color: paletteColor(i), dash: dash(ARM_DASH[p.kind] || 0) }).points.set(p.epoch, p.value);
      }
    });
    fill(chartBox, chart.element);
    chart.update();
  }
  metric.addEventListener('change', draw);
  ctx.cleanups.push(() => chart && chart.destroy());

  const rows = chosen.map(({ experiment: e }, i) => {
    const r = (e.comparison || []).find(x => x.metric === 'accuracy') || {};
    return [h('a', { href: `#/experiments/${e.id}`, dataset: { color: paletteColor(i) } }, e.name), stateBadge(e.state),
      (e.spec.pretrain && e.spec.pretrain.method) || 'none', (e.spec.finetune && e.spec.finetune.strategy) || '–',
      r.datasetName || '–', pct(r.finetuned), pct(r.scratch), pct(r.pixels), points(r.gainOverScratch), r.best || '–'];
  });
  fill(main,
    h('h1', {}, 'Compare experiments'),
    table('Accuracy on each experiment\'s first test set', ['Experiment', 'State', 'Pretraining', 'Finetuning',
      'Test set', 'Finetuned', 'Scratch', 'Pixels', 'Gain over scratch', 'Best'], rows),
    h('section', { 'aria-labelledby': 'chart-title' }, h('h2', { id: 'chart-title' }, 'One metric, all chosen experiments'),
      names.length ? field('Metric', metric, 'Colour: experiment. Line style: arm (solid pretraining, dashed finetuned, dotted scratch, dash-dotted pixels).') : null,
      names.length ? chartBox : h('p', {}, 'No metrics recorded yet.')),
    h('details', {}, h('summary', {}, 'Choose other experiments'), form));
  if (names.length) {
    draw();
  }
}
