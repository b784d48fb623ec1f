// Models: the list, and one model with its versions, aliases (set one) and a try-it box that
// classifies an uploaded image, or a text for a text model.

import { api } from '../api.js';
import { h, fill, table, when, field, errorBox, announce, pct, select } from '../ui.js';

export async function modelsView(main, ctx) {
  const page = await api('/v1/models?size=100', { signal: ctx.signal });
  fill(main, h('h1', {}, 'Models'),
    h('p', {}, 'Every experiment that succeeds registers its best checkpoint as a version of the model named after it.'),
    table(`${page.totalItems} model${page.totalItems === 1 ? '' : 's'}`, ['Name', 'Latest version', 'Aliases', 'Created'],
      page.items.map(m => [h('a', { href: `#/models/${encodeURIComponent(m.name)}` }, m.name), String(m.latestVersion),
        aliasText(m.aliases), when(m.createdAt)]), { empty: 'No models yet: one appears when an experiment succeeds.' }));
}

function aliasText(aliases) {
  const entries = Object.entries(aliases || {});
  return entries.length ? entries.map(([a, v]) => `${a} → v${v}`).join(', ') : '–';
}

function mainMetrics(metrics) {
  return Object.entries(metrics || {}).filter(([k]) => /^(accuracy|macroF1)/.test(k))
    .map(([k, v]) => `${k.replace(/\/.*/, '')} ${pct(v)}`).join(', ') || '–';
}

export async function modelView(main, ctx, ref) {
  const model = await api(`/v1/models/${encodeURIComponent(ref)}`, { signal: ctx.signal });
  const latest = model.versions[model.versions.length - 1];
  const isText = Boolean(latest && latest.card && latest.card.text);
  const versions = table('Versions', ['Version', 'Experiment', 'Checkpoint', 'Epoch', 'Test scores', 'Registered'],
    model.versions.slice().reverse().map(v => [String(v.version), h('a', { href: `#/experiments/${v.experimentId}` }, `experiment ${v.experimentId.slice(0, 8)}`),
      v.jobKind, String(v.epoch), mainMetrics(v.metrics), when(v.createdAt)]));
  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/models' }, 'Models'), ' / ', model.name),
    h('h1', {}, model.name),
    h('p', {}, `Latest version ${model.latestVersion}; aliases: ${aliasText(model.aliases)}.`),
    versions,
    tryIt(model, isText),
    aliasForm(model),
    latest ? h('details', {}, h('summary', {}, 'Model card of the latest version'),
      h('pre', { class: 'code' }, JSON.stringify(latest.card, null, 2))) : null);
}

function aliasForm(model) {
  const alias = h('input', { name: 'alias', required: true, pattern: '[a-z][a-z0-9_\\-]{0,63}', value: 'champion' });
  const version = select('version', model.versions.map(v => String(v.version)), String(model.latestVersion));
  const outcome = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card', 'aria-labelledby': 'alias-title' },
    h('h2', { id: 'alias-title' }, 'Point an alias at a version'),
    field('Alias', alias, 'Lower-case letters, digits, - and _; e.g. champion. Call it as name@alias.'),
    field('Version', version), h('button', { type: 'submit' }, 'Set alias'), outcome);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      await api(`/v1/models/${model.id}/aliases/${encodeURIComponent(alias.value)}`, { method: 'PUT',
        json: { version: Number(version.value) } });
      announce(`Alias ${alias.value} now points at version ${version.value}`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      fill(outcome, errorBox(e));
    }
  });
  return form;
}

function tryIt(model, isText) {
  const version = select('tryVersion', [['latest', 'latest'], ...Object.keys(model.aliases || {}).map(a => [a, `@${a}`]),
    ...model.versions.map(v => [String(v.version), `version ${v.version}`])], 'latest');
  const input = isText ? h('textarea', { name: 'text', rows: 4, required: true })
    : h('input', { type: 'file', name: 'image', accept: 'image/png,image/jpeg', required: true });
  const preview = h('div', { class: 'preview' });
  const outcome = h('div', { 'aria-live': 'polite', id: 'try-it-result' });
  if (!isText) {
    input.addEventListener('change', () => {
      const file = input.files[0];
      fill(preview, file ? h('img', { src: URL.createObjectURL(file), alt: `The chosen image ${file.name}` }) : '');
    });
  }
  const form = h('form', { class: 'card', 'aria-labelledby': 'try-title' },
    h('h2', { id: 'try-title' }, 'Try it'),
    field('Version', version),
    field(isText ? 'Text to classify' : 'Image to classify', input, isText ? null : 'A PNG or JPEG; it is resized as the model expects.'),
    preview, h('button', { type: 'submit' }, 'Classify'), outcome);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const ref = encodeURIComponent(`${model.id}@${version.value}`);
    fill(outcome, h('p', {}, 'Classifying…'));
    try {
      let answer;
      if (isText) {
        answer = await api(`/v1/models/${ref}/classifications?topK=3`, { method: 'POST', json: { texts: [input.value] } });
      } else {
        const body = new FormData();
        body.append('files', input.files[0]);
        answer = await api(`/v1/models/${ref}/classifications/files?topK=3`, { method: 'POST', body });
      }
      const p = answer.predictions[0];
      fill(outcome,
        h('p', { class: 'prediction' }, h('strong', {}, p.label), ` with probability ${pct(p.probability)}`),
        table('Top classes', ['Class', 'Probability'], p.top.map(t => [t.label, pct(t.probability)])),
        h('p', { class: 'hint' }, `Answered by ${answer.model} version ${answer.version} (${(answer.checkpointKind || '').toLowerCase()} checkpoint).`));
    } catch (e) {
      fill(outcome, errorBox(e));
    }
  });
  return form;
}
