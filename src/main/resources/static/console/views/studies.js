// Studies: the list, and one study with its live progress (events stream), experiments, results
// (verdict per budget, mean and spread per arm) and chart, and a cancel button.

import { api, followEvents } from '../api.js';
import { h, fill, table, when, errorBox, announce, stateBadge, progressBar, pct, picture } from '../ui.js';

const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

function studyProgress(name, p) {
  const fraction = p && p.jobs ? p.jobsDone / p.jobs : null;
  return progressBar(`Progress of ${name}`, fraction,
    p ? `${p.experimentsDone} of ${p.experiments} experiments, ${p.jobsDone} of ${p.jobs} jobs done` : '');
}

export async function studiesView(main, ctx) {
  const page = await api('/v1/studies?size=50', { signal: ctx.signal });
  fill(main, h('h1', {}, 'Studies'),
    h('p', {}, 'A study runs one pretraining and, per label budget, arm and seed, one finetune scored on the test sets. Submit one with POST /v1/studies (see the README).'),
    table(`${page.totalItems} stud${page.totalItems === 1 ? 'y' : 'ies'}, newest first`, ['Name', 'State', 'Progress', 'Submitted'],
      page.items.map(s => [h('a', { href: `#/studies/${s.id}` }, s.name), stateBadge(s.state), studyProgress(s.name, s.progress),
        when(s.createdAt)]), { empty: 'No studies yet.' }));
}

/** Dataset names by id (ids of deleted datasets stay ids). */
async function datasetNames(ids, signal) {
  const entries = await Promise.all(ids.map(id => api(`/v1/datasets/${id}`, { signal })
    .then(d => [id, d.name]).catch(() => [id, id])));
  return new Map(entries);
}

export async function studyView(main, ctx, id) {
  let study = await api(`/v1/studies/${encodeURIComponent(id)}`, { signal: ctx.signal });
  const stateBox = h('p', { class: 'state-line' });
  const progressBox = h('div', { 'aria-live': 'polite' });
  const experimentsBox = h('div');
  const resultsBox = h('section', { 'aria-labelledby': 'study-results-title' });
  const outcome = h('div', { 'aria-live': 'assertive' });
  const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel study');
  cancel.addEventListener('click', async () => {
    try {
      study = await api(`/v1/studies/${study.id}/cancel`, { method: 'POST' });
      announce(`Study ${study.name} cancelled`);
      render();
      showResults();
    } catch (e) {
      fill(outcome, errorBox(e));
    }
  });

  function render() {
    fill(stateBox, stateBadge(study.state), ` submitted ${when(study.createdAt)}`);
    cancel.hidden = FINAL.includes(study.state);
    fill(progressBox, studyProgress(study.name, study.progress));
    fill(experimentsBox, table('Its experiments', ['Experiment', 'Budget', 'Arm', 'Seed', 'State'],
      study.experiments.map(e => [h('a', { href: `#/experiments/${e.id}` }, `${e.arm} · ${e.budget} · seed ${e.seed}`
        + (e.pretraining ? ' (pretrains)' : '')), e.budget, [e.arm, ...(e.baselines || [])].join(' + '), String(e.seed),
      stateBadge(e.state)])));
  }

  const names = await datasetNames(study.spec.test || [], ctx.signal);
  const named = id => names.get(id) || id;

  async function showResults() {
    const results = await api(`/v1/studies/${study.id}/results`, { signal: ctx.signal });
    const cells = results.cells.filter(c => c.metric === 'accuracy');
    const scored = cells.some(c => c.n > 0) || study.experiments.some(e => e.state === 'SUCCEEDED');
    fill(resultsBox, h('h2', { id: 'study-results-title' }, 'Results'),
      results.headline ? h('p', { class: 'headline' }, `Headline test set: ${named(results.headline)}`) : null,
      h('ul', { class: 'verdicts' }, results.verdicts.map(v => h('li', {}, v.summary))),
      table('Test accuracy per budget and arm (mean ± std over seeds)', ['Budget', 'Arm', 'Test set', 'Seeds', 'Mean', 'Std'],
        cells.map(c => [c.budget, c.arm, named(c.test), String(c.n), pct(c.mean), c.std === null ? '–' : pct(c.std)]),
        { empty: 'No scores yet.' }),
      scored ? picture(`Test accuracy against labels per class of ${study.name}`, () => ctx.blob(`/v1/studies/${study.id}/chart.png`)) : null);
  }

  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/studies' }, 'Studies'), ' / ', study.name),
    h('h1', {}, study.name), stateBox, h('div', { class: 'actions' }, cancel), outcome,
    h('section', { 'aria-labelledby': 'study-progress-title' }, h('h2', { id: 'study-progress-title' }, 'Progress'), progressBox, experimentsBox),
    resultsBox,
    h('details', {}, h('summary', {}, 'Spec'), h('pre', { class: 'code' }, JSON.stringify(study.spec, null, 2))));
  render();
  await showResults().catch(e => fill(resultsBox, errorBox(e)));
  if (!FINAL.includes(study.state)) {
    followEvents(`/v1/studies/${study.id}/events`, event => {
      if (event.type === 'progress') {
        const { state, ...progress } = event.data;
        const changed = state !== study.state || progress.experimentsDone !== study.progress.experimentsDone;
        study = { ...study, state, progress };
        fill(progressBox, studyProgress(study.name, study.progress));
        if (changed) {
          api(`/v1/studies/${study.id}`, { signal: ctx.signal }).then(s => {
            study = s;
            render();
            return showResults();
          }).catch(() => {});
        }
      }
    }, ctx.signal, async () => {
      study = await api(`/v1/studies/${study.id}`, { signal: ctx.signal });
      render();
      await showResults();
      return FINAL.includes(study.state);
    }).catch(e => {
      if (!ctx.signal.aborted) {
        fill(outcome, errorBox(e));
      }
    });
  }
}
