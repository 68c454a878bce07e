// The dashboard's single page: hash routes, each polled every 2 s and
// redrawn when its data changed.
//   #/               the jobs
//   #/jobs/NAME      a job's five views
//   #/trials/ID      a trial's metrics and events
import './style.css';
import { api } from './api.js';
import { h } from './dom.js';
import { formatClock } from './format.js';
import { loadJobs, renderJobs } from './views/jobs.js';
import { loadJob, renderJob } from './views/job.js';
import { loadTrial, renderTrial } from './views/trial.js';

const POLL_MS = 2000;

function parseRoute() {
  const parts = location.hash.replace(/^#/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'jobs' && parts[1]) {
    const name = parts[1];
    return { kind: 'job', load: () => loadJob(api, name), render: renderJob, crumbs: () => [name] };
  }
  if (parts[0] === 'trials' && parts[1]) {
    const id = parts[1];
    return {
      kind: 'trial', load: () => loadTrial(api, id), render: renderTrial,
      crumbs: (data) => [data ? { text: data.trial.job, href: `#/jobs/${encodeURIComponent(data.trial.job)}` } : null, id],
    };
  }
  return { kind: 'jobs', load: () => loadJobs(api), render: renderJobs, crumbs: () => [] };
}

let generation = 0;
let timer = null;
let draws = 0;

function setStatus(ok, text) {
  const status = document.getElementById('status');
  status.className = `status ${ok ? 'ok' : 'error'}`;
  status.textContent = text;
}

function drawCrumbs(route, data) {
  const items = [h('a', { href: '#/', text: 'jobs' })];
  for (const crumb of route.crumbs(data)) {
    if (!crumb) continue;
    items.push(' / ');
    items.push(typeof crumb === 'string' ? h('span', { text: crumb }) : h('a', { href: crumb.href, text: crumb.text }));
  }
  document.getElementById('crumbs').replaceChildren(...items);
}

function draw(route, data) {
  const app = document.getElementById('app');
  app.replaceChildren(route.render(data, () => draw(route, data)));
  app.dataset.view = route.kind;
  app.dataset.draws = String(++draws);
  drawCrumbs(route, data);
}

async function poll(route, mine, state) {
  try {
    const data = await route.load();
    if (mine !== generation) return;
    const text = JSON.stringify(data);
    if (text !== state.text) {
      state.text = text;
      draw(route, data);
    }
    setStatus(true, `live · updated ${formatClock(Date.now() / 1000)}`);
  } catch (error) {
    if (mine !== generation) return;
    setStatus(false, `error: ${error.message}`);
    if (state.text === null || error.status === 404) {
      state.text = null;
      const app = document.getElementById('app');
      app.replaceChildren(h('p', { class: 'error', id: 'load-error', text: error.message }));
      app.dataset.view = 'error';
    }
  } finally {
    if (mine === generation) timer = setTimeout(() => poll(route, mine, state), POLL_MS);
  }
}

function start() {
  clearTimeout(timer);
  const mine = ++generation;
  const route = parseRoute();
  document.getElementById('app').replaceChildren(h('p', { class: 'loading', text: 'loading…' }));
  poll(route, mine, { text: null });
}

// Who the dashboard takes the viewer for, once; a sign-out link when a
// token signed them in. A 401 means the cookie expired: sign in again.
async function showCaller() {
  try {
    const who = await api.whoami();
    const items = [h('span', { text: `${who.name} (${who.role})` })];
    if (who.authenticated) items.push(' · ', h('a', { href: 'logout', text: 'sign out' }));
    document.getElementById('who').replaceChildren(...items);
  } catch (error) {
    if (error.status === 401) location.assign('login');
  }
}

window.addEventListener('hashchange', start);
showCaller();
start();
