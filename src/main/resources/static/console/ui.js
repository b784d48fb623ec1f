// Small DOM helpers and formatters shared by the views. Text always goes in as text, never as HTML.

/** h('p', {class: 'x'}, 'text', child): an element with attributes (on* are listeners) and children. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(el.dataset, value);
    } else {
      el.setAttribute(name, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a caption, header cells and rows of cells (strings or nodes). */
export function table(caption, headers, rows, { empty = 'None yet.' } = {}) {
  if (!rows.length) {
    return h('p', { class: 'empty' }, empty);
  }
  return h('div', { class: 'table-wrap' },
    h('table', {},
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, headers.map(text => h('th', { scope: 'col' }, text)))),
      h('tbody', {}, rows.map(cells => h('tr', {}, cells.map((cell, i) =>
        i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))));
}

/** A job or experiment state as a labelled badge (colour and text, never colour alone). */
export function stateBadge(state) {
  return h('span', { class: `badge state-${(state || 'unknown').toLowerCase()}` }, state || 'unknown');
}

export function pct(fraction, digits = 1) {
  return fraction === null || fraction === undefined ? '–' : `${(100 * fraction).toFixed(digits)} %`;
}

/** A gain in fraction points as signed percentage points. */
export function points(gain) {
  if (gain === null || gain === undefined) {
    return '–';
  }
  const p = 100 * gain;
  return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toFixed(1)} points`;
}

/** A moment in the reader's locale: the time alone when it is today, else the date too. */
export function when(iso) {
  if (!iso) {
    return '–';
  }
  const t = new Date(iso);
  return t.toDateString() === new Date().toDateString() ? t.toLocaleTimeString()
    : t.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  }
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** How far a job is, as words: epoch, step, speed and time left. */
export function progressText(progress) {
  if (!progress) {
    return '';
  }
  const parts = [];
  if (progress.phase) {
    parts.push(progress.phase);
  }
  if (progress.epochs) {
    parts.push(`epoch ${progress.epoch} of ${progress.epochs}`);
  }
  if (progress.steps) {
    parts.push(`step ${progress.step} of ${progress.steps}`);
  }
  if (progress.samplesPerSecond) {
    parts.push(`${Math.round(progress.samplesPerSecond)} samples/s`);
  }
  if (progress.etaSeconds !== undefined && progress.etaSeconds !== null) {
    parts.push(`${duration(progress.etaSeconds)} left`);
  }
  return parts.join(', ');
}

/** The fraction of a job done, from its progress (steps within epochs), or null (also in a phase before training proper). */
export function progressFraction(progress) {
  if (!progress || !progress.steps || progress.phase) {
    return null;
  }
  const epochs = progress.epochs || 1;
  const epoch = Math.max(1, progress.epoch || 1);
  return Math.min(1, ((epoch - 1) * progress.steps + progress.step) / (epochs * progress.steps));
}

/** A labelled progress bar with the words beside it. */
export function progressBar(label, fraction, text) {
  return h('div', { class: 'progress' },
    h('progress', { max: 1, value: fraction === null ? undefined : fraction, 'aria-label': label }),
    h('span', { class: 'progress-text' }, text));
}

/** An error box a screen reader announces. */
export function errorBox(error) {
  const text = error && error.describe ? error.describe() : String(error && error.message || error);
  return h('div', { class: 'error', role: 'alert' }, text.split('\n').map(line => h('p', {}, line)));
}

/** Says something to screen readers (and keeps it for tests) without moving focus. */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = text;
}

/** A labelled form field: label, control and an optional hint tied to it. */
export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const children = [h('label', { for: id }, label), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    children.push(h('p', { class: 'hint', id: hintId }, hint));
  }
  return h('div', { class: 'field' }, children);
}

export function select(name, options, selected) {
  return h('select', { name },
    options.map(o => {
      const [value, text] = Array.isArray(o) ? o : [o, o];
      return h('option', { value, selected: value === selected }, text);
    }));
}

/** A picture fetched with the key; shows why when it is not there yet. */
export function picture(alt, loader) {
  const box = h('figure', { class: 'picture' }, h('p', { class: 'hint' }, `Loading ${alt}…`));
  loader().then(url => {
    const img = h('img', { src: url, alt });
    img.addEventListener('load', () => box.classList.add('loaded'));
    fill(box, img, h('figcaption', {}, alt));
  }).catch(e => fill(box, h('p', { class: 'hint' }, `${alt}: ${e.status === 404 ? 'not available yet' : e.message}`)));
  return box;
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '';
}
