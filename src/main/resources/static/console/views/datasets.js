// Datasets: the list with an upload form, and one dataset with its classes and a sample grid.

import { api } from '../api.js';
import { h, fill, table, when, field, errorBox, announce, picture, select } from '../ui.js';

export async function datasetsView(main, ctx) {
  const page = await api('/v1/datasets?size=100', { signal: ctx.signal });
  const rows = page.items.map(d => [
    h('a', { href: `#/datasets/${d.id}` }, d.name), d.modality, d.format, d.numSamples.toLocaleString(),
    d.labeled ? String(d.numClasses) : 'unlabeled', megabytes(d.sizeBytes), when(d.createdAt)]);
  fill(main,
    h('h1', {}, 'Datasets'),
    table(`${page.totalItems} dataset${page.totalItems === 1 ? '' : 's'}`,
      ['Name', 'Modality', 'Format', 'Samples', 'Classes', 'Size', 'Uploaded'], rows,
      { empty: 'No datasets yet: upload one below.' }),
    uploadForm());
}

function megabytes(bytes) {
  return bytes === undefined ? '–' : `${(bytes / 1e6).toFixed(1)} MB`;
}

function uploadForm() {
  const name = h('input', { name: 'name', required: true, maxlength: 200 });
  const file = h('input', { type: 'file', name: 'file', required: true });
  const labels = h('input', { type: 'file', name: 'labels' });
  const classes = h('input', { name: 'classes' });
  const imageSize = h('input', { type: 'number', name: 'imageSize', min: 1, max: 4096 });
  const format = select('format', [['', 'detect from the content'], 'image-folder-zip', 'image-text-zip', 'idx', 'cifar-binary',
    'text-jsonl', 'text-csv'], '');
  const outcome = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Upload');
  const form = h('form', { class: 'card', 'aria-labelledby': 'upload-title' },
    h('h2', { id: 'upload-title' }, 'Upload a dataset'),
    field('Name', name),
    field('File', file, 'A zip with one folder per class (or one folder, unlabeled), IDX images, CIFAR binary batches, JSON lines or CSV.'),
    field('Labels file (IDX only)', labels),
    field('Class names', classes, 'Comma-separated, in label-index order (IDX, CIFAR).'),
    field('Image size', imageSize, 'Resize images to this square size in pixels (optional).'),
    field('Format', format),
    button, outcome);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = new FormData();
    body.append('name', name.value.trim());
    body.append('file', file.files[0]);
    if (labels.files.length) {
      body.append('labels', labels.files[0]);
    }
    for (const [key, control] of [['classes', classes], ['imageSize', imageSize], ['format', format]]) {
      if (control.value.trim()) {
        body.append(key, control.value.trim());
      }
    }
    button.disabled = true;
    fill(outcome, h('p', {}, 'Uploading and checking…'));
    try {
      const dataset = await api('/v1/datasets', { method: 'POST', body });
      announce(`Dataset ${dataset.name} uploaded`);
      location.hash = `#/datasets/${dataset.id}`;
    } catch (e) {
      fill(outcome, errorBox(e));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export async function datasetView(main, ctx, id) {
  const d = await api(`/v1/datasets/${encodeURIComponent(id)}`, { signal: ctx.signal });
  const facts = [
    ['Id', d.id], ['Modality', d.modality], ['Format', d.format], ['Samples', d.numSamples.toLocaleString()],
    ['Shape', (d.shape || []).join(' × ') || '–'], ['Labeled', d.labeled ? 'yes' : 'no'],
    ...(d.numCaptions ? [['Captions', d.numCaptions.toLocaleString()]] : []),
    ['Size', megabytes(d.sizeBytes)], ['SHA-256', d.sha256], ['Uploaded', when(d.createdAt)]];
  const classes = d.labeled && d.classes
    ? table('Samples per class', ['Class', 'Samples'], d.classes.map((c, i) => [c, String((d.classCounts || [])[i] ?? '–')]))
    : null;
  const samples = h('section', { 'aria-labelledby': 'samples-title' }, h('h2', { id: 'samples-title' }, 'Samples'));
  if (d.modality === 'image') {
    samples.append(picture(`The first 64 images of ${d.name}${d.labeled ? ' with their labels' : ''}`
      + (d.numCaptions ? ' and first captions' : ''),
      () => ctx.blob(`/v1/datasets/${d.id}/samples.png?n=64`)));
  } else {
    const list = await api(`/v1/datasets/${d.id}/samples?n=20`, { signal: ctx.signal });
    samples.append(table('The first 20 texts', ['#', 'Label', 'Text'],
      list.map(s => [String(s.index), s.label || '–', s.text])));
  }
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete dataset');
  const outcome = h('div', { 'aria-live': 'polite' });
  remove.addEventListener('click', async () => {
    if (!window.confirm(`Delete ${d.name}? Experiments that use it keep their results.`)) {
      return;
    }
    try {
      await api(`/v1/datasets/${d.id}`, { method: 'DELETE' });
      location.hash = '#/datasets';
    } catch (e) {
      fill(outcome, errorBox(e));
    }
  });
  fill(main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/datasets' }, 'Datasets'), ' / ', d.name),
    h('h1', {}, d.name),
    h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    classes, samples,
    h('p', {}, h('a', { href: `#/experiments/new` }, 'Use it in a new experiment')),
    h('div', { class: 'actions' }, remove), outcome);
}
