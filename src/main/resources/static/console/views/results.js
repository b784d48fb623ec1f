// An experiment's results: did pretraining beat scratch on each test set (and by how much), which
// checkpoint its registered model serves, and the per-class scores of each arm.

import { api } from '../api.js';
import { h, table, pct, points } from '../ui.js';

/** One sentence per test set, the way a person asks it: did pretraining pay off? */
export function verdict(row) {
  const where = row.datasetName || row.dataset;
  if (row.finetuned === null || row.finetuned === undefined) {
    return `${where}: waiting for the finetuned model's evaluation.`;
  }
  if (row.gainOverScratch === null || row.gainOverScratch === undefined) {
    return `${where}: the finetuned model scored ${pct(row.finetuned)} ${row.metric}`
      + (row.scratch === undefined ? '.' : '; waiting for scratch.');
  }
  const beat = row.gainOverScratch > 0 ? 'beat' : row.gainOverScratch < 0 ? 'lost to' : 'tied with';
  return `${where}: pretraining ${beat} scratch by ${points(Math.abs(row.gainOverScratch)).replace(/^[+−±]/, '')}`
    + ` of ${row.metric} (${pct(row.finetuned)} against ${pct(row.scratch)})`
    + (row.best ? `; best arm: ${row.best}.` : '.');
}

export function comparisonTable(rows) {
  return table('Each arm on each test set', ['Test set', 'Metric', 'Finetuned', 'Scratch', 'Pixels',
    'Gain over scratch', 'Gain over pixels', 'Best'],
  rows.map(r => [r.datasetName || r.dataset, r.metric, pct(r.finetuned), pct(r.scratch), pct(r.pixels),
    points(r.gainOverScratch), points(r.gainOverPixels), r.best || '–']),
  { empty: 'No test sets: the spec evaluates on none.' });
}

/** The registered model of this experiment (named after it), or null while there is none. */
export async function servedModel(experiment, signal) {
  try {
    const model = await api(`/v1/models/${encodeURIComponent(experiment.name)}`, { signal });
    const versions = model.versions.filter(v => v.experimentId === experiment.id);
    return versions.length ? { model, version: versions[versions.length - 1] } : null;
  } catch (e) {
    if (e.status === 404 || e.status === 400) {
      return null;
    }
    throw e;
  }
}

export function servedModelText(served, experiment) {
  if (!served) {
    return experiment.state === 'SUCCEEDED' ? 'No model registered from this experiment yet.'
      : 'A model is registered when the experiment succeeds.';
  }
  const kind = served.version.jobKind || served.version.card && 'FINETUNE';
  const which = kind === 'SCRATCH' ? 'the scratch baseline (it validated better)'
    : kind === 'PRETRAIN' ? 'the pretrained encoder (embeddings only)' : 'the finetuned model';
  return [h('a', { href: `#/models/${encodeURIComponent(served.model.name)}` }, served.model.name),
    ` version ${served.version.version} serves ${which}.`];
}

/** Per-class F1 of each arm on each test set, from the evaluation reports. */
export function perClassTables(reports) {
  const tables = [];
  for (const arm of reports) {
    const datasets = (arm.report && arm.report.datasets) || {};
    for (const [dataset, scores] of Object.entries(datasets)) {
      const f1 = scores.perClassF1 || {};
      const name = (arm.datasetNames || {})[dataset] || dataset;
      tables.push(table(`${arm.arm} on ${name}: accuracy ${pct(scores.accuracy)}, macro-F1 ${pct(scores.macroF1)}`,
        ['Class', 'F1'], Object.entries(f1).map(([k, v]) => [k, pct(v)])));
    }
  }
  return tables;
}
