// Experiments: the list (state, progress, headline result; refreshed while any runs; pick some to
// compare) and the form that submits a new one.

import { api } from '../api.js';
import { h, fill, table, when, field, errorBox, announce, stateBadge, progressBar, progressText,
  progressFraction, points, pct, select } from '../ui.js';

const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
/** Datasets named like a test set are checked for evaluation, and not offered first for finetuning. */
const TEST = /test/i;

/** Jobs done of all, and the running job's progress, as one bar. */
export function experimentProgress(e) {
  const jobs = e.jobs || [];
  const done = jobs.filter(j => FINAL.includes(j.state)).length;
  const running = jobs.find(j => j.state === 'RUNNING');
  const within = running ? progressFraction(running.progress) || 0 : 0;
  const fraction = jobs.length ? (done + within) / jobs.length : null;
  const words = `${done} of ${jobs.length} jobs done`
    + (running ? `; ${running.kind.toLowerCase()} running${running.progress ? `: ${progressText(running.progress)}` : ''}` : '');
  return progressBar(`Progress of ${e.name}`, fraction, words);
}

/** The first comparison row, in words: finetuned against scratch on the first test set. */
export function headline(e) {
  const row = (e.comparison || []).find(r => r.metric === 'accuracy') || (e.comparison || [])[0];
  if (!row || row.finetuned === null || row.finetuned === undefined) {
    return '–';
  }
  const parts = [`${pct(row.finetuned)} ${row.metric}`];
  if (row.gainOverScratch !== null && row.gainOverScratch !== undefined) {
    parts.push(`${points(row.gainOverScratch)} over scratch`);
  }
  if (row.best) {
    parts.push(`best: ${row.best}`);
  }
  return parts.join(', ');
}

export async function experimentsView(main, ctx) {
  const nameFilter = h('input', { type: 'search', name: 'name' });
  const stateFilter = select('state', [['', 'any state'], 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'], '');
  const listBox = h('div', { 'aria-live': 'polite', 'aria-busy': 'false' });
  const compare = h('button', { type: 'button', disabled: true }, 'Compare selected');
  const chosen = new Set();
  compare.addEventListener('click', () => {
    location.hash = `#/compare/${[...chosen].join(',')}`;
  });
  let timer = null;

  async function load() {
    clearTimeout(timer);
    const query = new URLSearchParams({ size: '50' });
    if (nameFilter.value.trim()) {
      query.set('name', nameFilter.value.trim());
    }
    if (stateFilter.value) {
      query.set('state', stateFilter.value);
    }
    const page = await api(`/v1/experiments?${query}`, { signal: ctx.signal });
    const rows = page.items.map(e => {
      const box = h('input', { type: 'checkbox', 'aria-label': `Compare ${e.name}`, checked: chosen.has(e.id) });
      box.addEventListener('change', () => {
        if (box.checked) {
          chosen.add(e.id);
        } else {
          chosen.delete(e.id);
        }
        compare.disabled = chosen.size < 1;
      });
      return [h('a', { href: `#/experiments/${e.id}` }, e.name), stateBadge(e.state), experimentProgress(e),
        headline(e), when(e.createdAt), box];
    });
    fill(listBox, table(`${page.totalItems} experiment${page.totalItems === 1 ? '' : 's'}, newest first`,
      ['Name', 'State', 'Progress', 'Result on the first test set', 'Submitted', 'Compare'], rows,
      { empty: 'No experiments match.' }));
    if (page.items.some(e => !FINAL.includes(e.state)) && !ctx.signal.aborted) {
      timer = setTimeout(() => load().catch(() => {}), 3000);
    }
  }
  ctx.cleanups.push(() => clearTimeout(timer));

  const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter experiments' },
    field('Name', nameFilter), field('State', stateFilter), h('button', { type: 'submit', class: 'secondary' }, 'Filter'));
  filters.addEventListener('submit', event => {
    event.preventDefault();
    load().catch(e => fill(listBox, errorBox(e)));
  });
  fill(main,
    h('h1', {}, 'Experiments'),
    h('p', { class: 'actions' }, h('a', { class: 'button', href: '#/experiments/new' }, 'New experiment'), compare),
    filters, listBox);
  await load();
}

/** A random idempotency key (crypto.randomUUID needs https, the console may be served over http). */
function randomKey() {
  return [...crypto.getRandomValues(new Uint8Array(16))].map(b => b.toString(16).padStart(2, '0')).join('');
}

/** The enum values the live OpenAPI document names (the method registry decides them). */
async function choices(signal) {
  const doc = await api('/v3/api-docs', { signal });
  const schema = name => (doc.components.schemas[name] || {}).enum || [];
  return { methods: schema('TrainingMethod'), encoders: schema('EncoderName'), strategies: schema('FinetuneStrategy') };
}

export async function newExperimentView(main, ctx) {
  const [page, enums] = await Promise.all([api('/v1/datasets?size=100', { signal: ctx.signal }), choices(ctx.signal)]);
  const datasets = page.items.map(d => [d.id, `${d.name} (${d.modality}, ${d.numSamples.toLocaleString()} samples)`]);
  const labeled = page.items.filter(d => d.labeled).map(d => [d.id, `${d.name} (${d.numSamples.toLocaleString()} samples)`]);
  if (!datasets.length) {
    fill(main, h('h1', {}, 'New experiment'), h('p', {}, 'Upload a dataset first: ', h('a', { href: '#/datasets' }, 'Datasets')));
    return;
  }
  const c = {
    name: h('input', { name: 'name', required: true, maxlength: 200, value: 'my-experiment' }),
    seed: h('input', { type: 'number', name: 'seed', value: 7 }),
    pretrain: h('input', { type: 'checkbox', name: 'pretrain', checked: true }),
    pretrainDataset: select('pretrainDataset', datasets, (page.items.find(d => !TEST.test(d.name)) || page.items[0]).id),
    method: select('method', enums.methods, enums.methods.includes('simclr') ? 'simclr' : enums.methods[0]),
    encoder: select('encoder', [['', 'the method\'s default'], ...enums.encoders], ''),
    pretrainEpochs: h('input', { type: 'number', name: 'pretrainEpochs', min: 1, value: 2 }),
    pretrainBatch: h('input', { type: 'number', name: 'pretrainBatch', min: 2, value: 256 }),
    finetuneDataset: select('finetuneDataset', labeled, (labeled.find(([, text]) => !TEST.test(text)) || labeled[0] || [''])[0]),
    labelsPerClass: h('input', { type: 'number', name: 'labelsPerClass', min: 1, value: 10 }),
    strategy: select('strategy', enums.strategies, 'linear'),
    steps: h('input', { type: 'number', name: 'steps', min: 1, value: 500 }),
    finetuneBatch: h('input', { type: 'number', name: 'finetuneBatch', min: 2, value: 32 }),
    scratch: h('input', { type: 'checkbox', name: 'scratch', checked: true }),
    pixels: h('input', { type: 'checkbox', name: 'pixels', checked: true }),
  };
  const evaluate = labeled.map(([id, text]) => h('input', { type: 'checkbox', name: 'evaluate', value: id,
    checked: TEST.test(text) }));
  const json = h('textarea', { name: 'spec', rows: 16, spellcheck: 'false', class: 'code' });
  let edited = false;
  json.addEventListener('input', () => {
    edited = true;
  });

  function spec() {
    const s = { name: c.name.value.trim(), seed: Number(c.seed.value) };
    const baselines = ['pixels', 'scratch'].filter(b => c[b].checked);
    if (baselines.length) {
      s.baselines = baselines;
    }
    if (c.pretrain.checked) {
      s.pretrain = { dataset: c.pretrainDataset.value, method: c.method.value, epochs: Number(c.pretrainEpochs.value),
        batchSize: Number(c.pretrainBatch.value) };
      if (c.encoder.value) {
        s.pretrain.encoder = c.encoder.value;
      }
    }
    if (c.finetuneDataset.value) {
      s.finetune = { dataset: c.finetuneDataset.value, labelsPerClass: Number(c.labelsPerClass.value),
        strategy: c.strategy.value, steps: Number(c.steps.value), batchSize: Number(c.finetuneBatch.value) };
    }
    const chosen = evaluate.filter(e => e.checked).map(e => e.value);
    if (chosen.length) {
      s.evaluate = { datasets: chosen };
    }
    return s;
  }
  const sync = () => {
    if (!edited) {
      json.value = JSON.stringify(spec(), null, 2);
    }
  };
  // One key per filled-in form: a double click submits once; a refused submit gets a new key.
  let idempotencyKey = randomKey();
  const outcome = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Submit experiment');
  const form = h('form', { class: 'card', 'aria-labelledby': 'new-title' },
    h('h1', { id: 'new-title' }, 'New experiment'),
    h('p', {}, 'Pretrain an encoder on unlabeled data, finetune it with a few labels, and compare it with the same encoder trained from scratch and with logistic regression on raw pixels.'),
    field('Name', c.name), field('Seed', c.seed, 'The same seed and spec give the same result.'),
    h('fieldset', {}, h('legend', {}, 'Pretraining'),
      h('div', { class: 'check' }, c.pretrain, h('label', { for: (c.pretrain.id = 'f-pretrain') }, 'Pretrain (self-supervised)')),
      field('Unlabeled data', c.pretrainDataset), field('Method', c.method), field('Encoder', c.encoder),
      field('Epochs', c.pretrainEpochs), field('Batch size', c.pretrainBatch)),
    h('fieldset', {}, h('legend', {}, 'Finetuning'),
      field('Labeled data', c.finetuneDataset, 'Labels are drawn from it per class, with a validation split.'),
      field('Labels per class', c.labelsPerClass), field('Strategy', c.strategy),
      field('Steps', c.steps), field('Batch size', c.finetuneBatch)),
    h('fieldset', {}, h('legend', {}, 'Baselines'),
      h('div', { class: 'check' }, c.scratch, h('label', { for: (c.scratch.id = 'f-scratch') }, 'scratch: the same encoder trained on the labels only')),
      h('div', { class: 'check' }, c.pixels, h('label', { for: (c.pixels.id = 'f-pixels') }, 'pixels: logistic regression on raw pixels'))),
    h('fieldset', {}, h('legend', {}, 'Test sets (evaluate on)'),
      labeled.length ? evaluate.map((box, i) => h('div', { class: 'check' }, box,
        h('label', { for: (box.id = `f-eval-${i}`) }, labeled[i][1]))) : h('p', {}, 'No labeled datasets.')),
    h('details', {}, h('summary', {}, 'The spec as JSON (edit for settings the form does not show)'),
      field('Spec', json, 'Sent as it is. Once edited here, the fields above no longer change it.')),
    submit, outcome);
  form.addEventListener('input', event => {
    if (event.target !== json) {
      sync();
    }
  });
  form.addEventListener('change', event => {
    if (event.target !== json) {
      sync();
    }
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    let body;
    try {
      body = JSON.parse(json.value);
    } catch (e) {
      fill(outcome, errorBox(`The spec is not valid JSON: ${e.message}`));
      return;
    }
    submit.disabled = true;
    fill(outcome, h('p', {}, 'Submitting…'));
    try {
      const e = await api('/v1/experiments', { method: 'POST', json: body, headers: { 'Idempotency-Key': idempotencyKey } });
      announce(`Experiment ${e.name} submitted`);
      location.hash = `#/experiments/${e.id}`;
    } catch (e) {
      fill(outcome, errorBox(e));
      idempotencyKey = randomKey();
      submit.disabled = false;
    }
  });
  sync();
  fill(main, form);
}
