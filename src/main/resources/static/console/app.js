// The Pretext web console: sign-in, hash routing (#/experiments/<id>: ids only, never a key) and
// each view's lifetime (its requests, event streams and object URLs end when it is left).

import { api, apiKey, rememberKey, forgetKey, blobUrl } from './api.js';
import { h, fill, errorBox, field, announce } from './ui.js';
import { datasetsView, datasetView } from './views/datasets.js';
import { experimentsView, newExperimentView } from './views/experiments.js';
import { experimentView } from './views/experiment.js';
import { compareView } from './views/compare.js';
import { studiesView, studyView } from './views/studies.js';
import { modelsView, modelView } from './views/models.js';

const main = document.getElementById('main');
let current = null;

const ROUTES = [
  [/^#\/datasets$/, datasetsView],
  [/^#\/datasets\/([^/]+)$/, datasetView],
  [/^#\/experiments$/, experimentsView],
  [/^#\/experiments\/new$/, newExperimentView],
  [/^#\/experiments\/([^/]+)$/, experimentView],
  [/^#\/compare(?:\/([^/]*))?$/, compareView],
  [/^#\/studies$/, studiesView],
  [/^#\/studies\/([^/]+)$/, studyView],
  [/^#\/models$/, modelsView],
  [/^#\/models\/([^/]+)$/, modelView],
];

/** What a view gets: a signal that aborts when it is left, and a way to fetch pictures. */
function context() {
  const controller = new AbortController();
  const urls = [];
  return {
    signal: controller.signal,
    async blob(path) {
      const url = await blobUrl(path, controller.signal);
      urls.push(url);
      return url;
    },
    cleanups: [],
    leave() {
      controller.abort();
      urls.forEach(url => URL.revokeObjectURL(url));
      this.cleanups.forEach(f => f());
    },
  };
}

async function route() {
  if (current) {
    current.leave();
  }
  if (!apiKey()) {
    showSignIn();
    return;
  }
  const hash = location.hash || '#/experiments';
  const match = ROUTES.map(([pattern, view]) => [hash.match(pattern), view]).find(([m]) => m);
  markNav(hash);
  current = context();
  const ctx = current;
  fill(main, h('p', { class: 'hint' }, 'Loading…'));
  if (!match) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No such page. '), h('a', { href: '#/experiments' }, 'Experiments'));
    return;
  }
  try {
    const params = match[0].slice(1).map(p => (p === undefined ? undefined : decodeURIComponent(p)));
    await match[1](main, ctx, ...params);
  } catch (e) {
    if (!ctx.signal.aborted) {
      fill(main, h('h1', {}, 'Something went wrong'), errorBox(e));
    }
  }
  if (!ctx.signal.aborted) {
    const heading = main.querySelector('h1');
    document.title = heading ? `${heading.textContent} · Pretext console` : 'Pretext console';
  }
}

function markNav(hash) {
  document.querySelectorAll('#nav a').forEach(a => {
    const section = a.getAttribute('href');
    if (hash === section || hash.startsWith(`${section}/`)) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
}

function showSignIn(message) {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.title = 'Sign in · Pretext console';
  const input = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true,
    spellcheck: 'false', id: 'api-key' });
  const problem = h('div', { id: 'sign-in-problem' });
  const form = h('form', { class: 'card narrow', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Paste an API key (ptx_…). The console keeps it in this browser tab only, until you sign out or close the tab, and sends it as the Authorization header.'),
    field('API key', input, 'The key printed at the first start, or one an admin issued for your tenant.'),
    problem,
    h('button', { type: 'submit' }, 'Sign in'));
  if (message) {
    fill(problem, errorBox(message));
  }
  form.addEventListener('submit', async event => {
    event.preventDefault();
    rememberKey(input.value.trim());
    try {
      await signedIn();
      await route();
      main.focus({ preventScroll: true }); // the form is gone: keyboard and screen reader go on from the page
    } catch (e) {
      forgetKey();
      fill(problem, errorBox(e));
      input.focus();
    }
  });
  fill(main, form);
  input.focus();
}

async function signedIn() {
  const me = await api('/v1/me');
  document.getElementById('who-name').textContent = `${me.tenantName} (${me.scopes.join(', ')})`;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  announce(`Signed in as tenant ${me.tenantName}`);
}

document.getElementById('sign-out').addEventListener('click', () => {
  forgetKey();
  if (current) {
    current.leave();
    current = null;
  }
  showSignIn();
});

window.addEventListener('pretext:unauthorized', () => {
  if (apiKey()) {
    forgetKey();
    if (current) {
      current.leave();
      current = null;
    }
    showSignIn('The key was refused (unknown or revoked). Sign in again.');
  }
});

window.addEventListener('hashchange', () => {
  route();
  main.focus({ preventScroll: true });
});

async function start() {
  if (apiKey()) {
    try {
      await signedIn();
    } catch (e) {
      forgetKey();
      showSignIn(e);
      return;
    }
  }
  route();
}

start();
