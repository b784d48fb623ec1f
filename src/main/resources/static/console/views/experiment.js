// One experiment, live: its state and each job's progress follow the events stream (fetch with the
// key, no reload), curves grow epoch by epoch, and results, pictures and the served model appear
// when the jobs that make them finish.

import { api, followEvents } from '../api.js';
import { h, fill, table, when, errorBox, announce, stateBadge, progressBar, progressText, progressFraction,
  picture, duration } from '../ui.js';
import { lineChart, ARM_COLORS, dash } from '../charts.js';
import { experimentProgress } from './experiments.js';
import { verdict, comparisonTable, servedModel, servedModelText, perClassTables } from './results.js';

const FINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const LOSSES = name => /loss/i.test(name);
/** Solid for the training metric, dashed for validation, dotted for the raw-pixel reference. */
const DASH = { validationLoss: 1, validationAccuracy: 1, knnPixelAccuracy: 2 };
const ACCURACIES = name => /accuracy/i.test(name) && !name.includes('/');
/** Scratch's screening of its learning-rate grid is not a curve over epochs: left to the pictures. */
const CHARTED = name => !name.startsWith('grid');
const ORDER = ['PRETRAIN', 'FINETUNE', 'SCRATCH', 'PIXELS', 'EVALUATE'];

/** Jobs in the order they run: pretraining, the arms, then each evaluation after the arm it scores. */
function planned(jobs) {
  const rank = j => ORDER.indexOf(j.kind) * 10
    + (j.kind === 'EVALUATE' ? ORDER.indexOf(armOf(j, jobs) || 'EVALUATE') : 0);
  return jobs.slice().sort((a, b) => rank(a) - rank(b));
}

/** The kind of job an evaluation scores (FINETUNE or SCRATCH), from what it depends on. */
function armOf(job, jobs) {
  const arm = jobs.find(j => (job.dependsOn || []).includes(j.id) && j.kind !== 'PRETRAIN');
  return arm ? arm.kind : null;
}

function jobName(job, jobs) {
  const arm = job.kind === 'EVALUATE' ? armOf(job, jobs) : null;
  return arm ? `EVALUATE (${arm === 'FINETUNE' ? 'finetuned' : arm.toLowerCase()})` : job.kind;
}

function took(job) {
  return job.startedAt && job.finishedAt
    ? duration((new Date(job.finishedAt) - new Date(job.startedAt)) / 1000) : '–';
}

export async function experimentView(main, ctx, id) {
  let experiment = await api(`/v1/experiments/${encodeURIComponent(id)}`, { signal: ctx.signal });
  const kinds = new Map(experiment.jobs.map(j => [j.id, j.kind]));
  const live = new Map(); // jobId -> latest progress from the stream

  const stateBox = h('p', { class: 'state-line' });
  const overall = h('div', { id: 'experiment-progress', 'aria-live': 'polite' });
  const jobsBox = h('div');
  const jobLogBox = h('div', { 'aria-live': 'polite' });
  const resultsBox = h('section', { 'aria-labelledby': 'results-title' });
  const picturesBox = h('section', { 'aria-labelledby': 'pictures-title' });
  const log = h('ol', { class: 'log', 'aria-label': 'Events, newest last' });
  const outcome = h('div', { 'aria-live': 'assertive' });
  const cancel = h('button', { type: 'button', class: 'danger' }, 'Cancel experiment');
  cancel.addEventListener('click', async () => {
    try {
      experiment = await api(`/v1/experiments/${experiment.id}/cancel`, { method: 'POST' });
      announce(`Experiment ${experiment.name} cancelled`);
      render();
    } catch (e) {
      fill(outcome, errorBox(e));
    }
  });
  const lossChart = lineChart({ title: 'Losses by epoch', xLabel: 'Epoch', yLabel: 'Loss' });
  const accChart = lineChart({ title: 'Accuracies by epoch (validation and kNN)',
    xLabel: 'Epoch', yLabel: 'Accuracy', percent: true });

  function addPoint(jobId, epoch, name, value) {
    const kind = kinds.get(jobId) || 'JOB';
    const chart = LOSSES(name) ? lossChart : ACCURACIES(name) ? accChart : null;
    if (!chart || !CHARTED(name) || value === null || value === undefined) {
      return;
    }
    const s = chart.series(`${kind}/${name}`, { label: `${kind.toLowerCase()} ${name}`, color: ARM_COLORS[kind],
      dash: dash(DASH[name] || 0) });
    s.points.set(epoch, value);
  }

  function jobRows() {
    return planned(experiment.jobs).map(j => {
      const p = live.get(j.id) || j.progress;
      const actions = [];
      if (!FINAL.includes(j.state)) {
        const stop = h('button', { type: 'button', class: 'secondary small', 'aria-label': `Cancel the ${j.kind.toLowerCase()} job` }, 'Cancel');
        stop.addEventListener('click', async () => {
          try {
            await api(`/v1/jobs/${j.id}/cancel`, { method: 'POST' });
            await refresh();
          } catch (e) {
            fill(outcome, errorBox(e));
          }
        });
        actions.push(stop);
      }
      if (j.attempt > 0) {
        const show = h('button', { type: 'button', class: 'secondary small',
          'aria-label': `Show the last log lines of the ${j.kind.toLowerCase()} job` }, 'Log');
        show.addEventListener('click', async () => {
          try {
            const log = await api(`/v1/jobs/${j.id}/log`);
            fill(jobLogBox, h('h3', {}, `Log of ${jobName(j, experiment.jobs)}, attempt ${log.attempt}`),
              h('pre', { class: 'job-log', tabindex: '0' }, log.lines.length ? log.lines.join('\n') : '(no lines yet)'));
          } catch (e) {
            fill(jobLogBox, errorBox(e));
          }
        });
        actions.push(show);
      }
      return [jobName(j, experiment.jobs), stateBadge(j.state), String(j.attempt),
        h('div', { dataset: { jobProgress: j.id } }, jobProgress(j, p)),
        when(j.startedAt), took(j), j.lastError ? h('pre', { class: 'job-error' }, j.lastError) : '–', actions];
    });
  }

  function jobProgress(j, p) {
    if (j.state !== 'RUNNING' && !p) {
      return '–';
    }
    if (FINAL.includes(j.state)) {
      const reached = p && p.phase ? ` during ${p.phase}` : p && p.epochs ? ` at epoch ${p.epoch} of ${p.epochs}` : '';
      const fraction = j.state === 'SUCCEEDED' ? 1 : p && p.phase ? 0 : progressFraction(p);
      return progressBar(`Progress of the ${j.kind.toLowerCase()} job`, fraction, `${j.state.toLowerCase()}${reached}`);
    }
    return progressBar(`Progress of the ${j.kind.toLowerCase()} job`, progressFraction(p),
      progressText(p) || (j.state === 'RUNNING' ? 'starting' : ''));
  }

  /** A progress report changes only the bars, so focus and selection in the page stay where they are. */
  function renderProgress(jobId) {
    const j = experiment.jobs.find(x => x.id === jobId);
    const cell = jobsBox.querySelector(`[data-job-progress="${jobId}"]`);
    if (j && cell) {
      fill(cell, jobProgress(j, live.get(jobId)));
    }
    renderOverall();
  }

  function renderOverall() {
    const withLive = { ...experiment, jobs: experiment.jobs.map(j => ({ ...j, progress: live.get(j.id) || j.progress })) };
    fill(overall, experimentProgress(withLive));
  }

  function render() {
    fill(stateBox, stateBadge(experiment.state), ` submitted ${when(experiment.createdAt)}`);
    cancel.hidden = FINAL.includes(experiment.state);
    renderOverall();
    fill(jobsBox, table('Jobs, in the order they were planned', ['Job', 'State', 'Attempt', 'Progress', 'Started',
      'Took', 'Last error', 'Actions'], jobRows()));
  }

  let resultsShownFor = null;
  async function showResults() {
    const key = experiment.jobs.map(j => j.state).join();
    if (key === resultsShownFor) {
      return;
    }
    resultsShownFor = key;
    const rows = experiment.comparison || [];
    const [served, reports] = await Promise.all([servedModel(experiment, ctx.signal),
      FINAL.includes(experiment.state) ? api(`/v1/experiments/${experiment.id}/report`, { signal: ctx.signal }).catch(() => []) : []]);
    fill(resultsBox, h('h2', { id: 'results-title' }, 'Results'),
      rows.length ? h('ul', { class: 'verdicts' }, rows.filter(r => r.metric === 'accuracy').map(r => h('li', {}, verdict(r)))) : null,
      comparisonTable(rows),
      h('p', { class: 'served' }, servedModelText(served, experiment)),
      reports.length ? h('details', {}, h('summary', {}, 'Per-class F1 of each arm'), perClassTables(reports)) : null);
    if (!FINAL.includes(experiment.state)) {
      fill(picturesBox, h('h2', { id: 'pictures-title' }, 'Pictures'),
        h('p', { class: 'hint' }, 'The curves and t-SNE pictures are drawn when the experiment finishes; the live curves above grow meanwhile.'));
      return;
    }
    fill(picturesBox, h('h2', { id: 'pictures-title' }, 'Pictures'),
      h('div', { class: 'pictures' },
        picture(`Curves of ${experiment.name}`, () => ctx.blob(`/v1/experiments/${experiment.id}/curves.png`)),
        experiment.jobs.some(j => j.kind === 'EVALUATE' && j.state === 'SUCCEEDED')
          ? picture(`t-SNE of the test embeddings of ${experiment.name}`, () => ctx.blob(`/v1/experiments/${experiment.id}/embeddings.png`))
          : h('p', { class: 'hint' }, 'The t-SNE picture appears once an evaluation finished.'),
        experiment.spec.pretrain?.method === 'clip' && !experiment.spec.finetune
            && experiment.jobs.some(j => j.kind === 'EVALUATE' && j.state === 'SUCCEEDED')
          ? picture(`Text-to-image search of ${experiment.name}`, () => ctx.blob(`/v1/experiments/${experiment.id}/retrieval.png`))
          : null));
  }

  let pending = null;
  async function refresh() {
    experiment = await api(`/v1/experiments/${experiment.id}`, { signal: ctx.signal });
    experiment.jobs.forEach(j => kinds.set(j.id, j.kind));
    render();
    await showResults();
  }
  function refreshSoon() {
    clearTimeout(pending);
    pending = setTimeout(() => refresh().catch(() => {}), 300);
  }
  ctx.cleanups.push(() => clearTimeout(pending), () => lossChart.destroy(), () => accChart.destroy());

  function logLine(text) {
    log.append(h('li', {}, h('time', {}, new Date().toLocaleTimeString()), ' ', text));
    while (log.children.length > 100) {
      log.firstElementChild.remove();
    }
  }

  const metrics = await api(`/v1/experiments/${experiment.id}/metrics`, { signal: ctx.signal });
  metrics.forEach(p => addPoint(p.jobId, p.epoch, p.name, p.value));

  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/experiments' }, 'Experiments'), ' / ', experiment.name),
    h('h1', {}, experiment.name),
    stateBox, h('div', { class: 'actions' }, cancel, h('a', { class: 'button secondary', href: `#/compare/${experiment.id}` }, 'Compare with others')),
    outcome,
    h('section', { 'aria-labelledby': 'progress-title' }, h('h2', { id: 'progress-title' }, 'Progress'), overall, jobsBox, jobLogBox),
    resultsBox,
    h('section', { 'aria-labelledby': 'curves-title' }, h('h2', { id: 'curves-title' }, 'Live curves'),
      h('div', { class: 'charts' }, lossChart.element, accChart.element)),
    picturesBox,
    h('section', { 'aria-labelledby': 'log-title' }, h('h2', { id: 'log-title' }, 'Event log'),
      h('p', { class: 'hint' }, 'State changes and epochs as the stream reports them.'), log),
    h('details', {}, h('summary', {}, 'Spec'), h('pre', { class: 'code' }, JSON.stringify(experiment.spec, null, 2))));
  render();
  lossChart.update();
  accChart.update();
  await showResults();

  if (!FINAL.includes(experiment.state)) {
    followEvents(`/v1/experiments/${experiment.id}/events`, event => {
      if (event.type === 'progress') {
        live.set(event.data.jobId, event.data.progress);
        renderProgress(event.data.jobId);
      } else if (event.type === 'epoch') {
        Object.entries(event.data.metrics || {}).forEach(([name, value]) => addPoint(event.data.jobId, event.data.epoch, name, value));
        lossChart.update();
        accChart.update();
        const job = (kinds.get(event.data.jobId) || 'job').toLowerCase();
        logLine(event.data.epoch === 0 ? `${job} measured its starting point (epoch 0)` : `${job} finished epoch ${event.data.epoch}`);
      } else if (event.type === 'state') {
        const line = `${(event.data.kind || 'job').toLowerCase()} ${event.data.state} (attempt ${event.data.attempt})`;
        logLine(line + (event.data.error ? `: ${event.data.error}` : ''));
        announce(`The ${line}`);
        if (FINAL.includes(event.data.state)) {
          live.delete(event.data.jobId);
        }
        refreshSoon();
      }
    }, ctx.signal, async () => {
      await refresh();
      return FINAL.includes(experiment.state);
    }).catch(e => {
      if (!ctx.signal.aborted) {
        fill(outcome, errorBox(e));
      }
    });
  }
}
