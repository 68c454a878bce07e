// A job: summary, then the six views (timeline, objective against each
// hyperparameter, learning curves, parallel coordinates, the GP's model,
// table).
import { h } from '../dom.js';
import { formatDuration, formatNumber, formatParameters } from '../format.js';
import { timelineChart } from '../charts/timeline.js';
import { paramPlots } from '../charts/param_plots.js';
import { curvesChart } from '../charts/curves.js';
import { parallelChart } from '../charts/parallel.js';
import { modelPlots } from '../charts/model_plots.js';
import { trialsTable } from '../charts/trials_table.js';

// What the user chose on this page, kept across refreshes.
const uiState = new Map();  // job name -> {metric, sort}

function stateOf(name, job) {
  if (!uiState.has(name)) {
    const maximize = job.objective.type === 'Maximize';
    uiState.set(name, { metric: job.objective.name, sort: { key: 'objective', descending: maximize } });
  }
  return uiState.get(name);
}

// What this page already has of each job, so each poll asks only for the
// trials and curves that changed since the last (the replies' cursors).
const caches = new Map();  // job name -> {trials, trialsCursor, curves, curvesCursor}
const MAX_CURVES = 1000;   // the server sends at most the latest 1000

function cacheOf(name) {
  if (!caches.has(name)) {
    caches.set(name, {
      trials: new Map(), trialsCursor: undefined, curves: new Map(), curvesCursor: undefined,
      model: null, modelCompleted: -1,
    });
  }
  return caches.get(name);
}

// Every page of the trials changed since the cache's cursor. The first
// page's cursor is kept: what changes while later pages load comes again
// next time.
async function loadTrials(api, name, cache) {
  let token;
  let cursor;
  do {
    const page = await api.trials(name, cache.trialsCursor, token);
    if (cursor === undefined) {
      cursor = page.cursor;
      if (page.full) cache.trials.clear();
    }
    for (const trial of page.trials) cache.trials.set(trial.id, trial);
    token = page.next_page_token;
  } while (token);
  cache.trialsCursor = cursor;
  return [...cache.trials.values()].sort((a, b) => a.seq - b.seq);
}

async function loadCurves(api, name, cache) {
  const reply = await api.curves(name, cache.curvesCursor);
  if (reply.full) cache.curves.clear();
  for (const curve of reply.trials) cache.curves.set(curve.id, curve);
  cache.curvesCursor = reply.cursor;
  const latest = [...cache.curves.values()].sort((a, b) => a.seq - b.seq).slice(-MAX_CURVES);
  if (latest.length < cache.curves.size) cache.curves = new Map(latest.map((c) => [c.id, c]));
  return { ...reply, trials: latest };
}

// The model is refitted on the server for each request, so it is asked
// for again only when another trial has completed.
async function loadModel(api, name, cache, completed) {
  if (completed === cache.modelCompleted) return cache.model;
  try {
    cache.model = await api.model(name);
    cache.modelCompleted = completed;
  } catch (error) {
    // Not cached: the next poll tries again.
    cache.model = { error: error.message };
  }
  return cache.model;
}

export async function loadJob(api, name) {
  const cache = cacheOf(name);
  const [job, trials, curves] = await Promise.all([
    api.job(name), loadTrials(api, name, cache), loadCurves(api, name, cache)]);
  const model = await loadModel(api, name, cache, job.counts.completed);
  return { job, trials, curves, model };
}

function summary(job) {
  const c = job.counts;
  const elapsed = (job.ended_at || Date.now() / 1000) - job.created_at;
  const best = job.best_trial;
  return h('div', { class: 'summary' }, [
    h('div', {}, [h('span', { class: `badge state-${job.status}`, text: job.status }),
      job.reason ? h('span', { class: 'reason', text: ` ${job.reason}` }) : null]),
    h('dl', {}, [
      h('dt', { text: 'Strategy' }), h('dd', { text: job.strategy }),
      h('dt', { text: 'Owner' }), h('dd', { id: 'job-owner', text: job.owner || '-' }),
      h('dt', { text: 'Objective' }), h('dd', { text: `${job.objective.type} ${job.objective.name}` }),
      h('dt', { text: 'Trials' }), h('dd', {
        id: 'job-counts',
        text: `${c.completed} completed, ${c.in_progress} running, ${c.pending} pending, ` +
          `${c.failed} failed, ${c.stopped} stopped of ${job.max_jobs} (max ${job.max_parallel_jobs} in parallel)`,
      }),
      h('dt', { text: 'Elapsed' }), h('dd', { text: formatDuration(elapsed) }),
      h('dt', { text: 'Best trial (observed)' }), h('dd', { id: 'job-best' }, best
        ? [h('a', { href: `#/trials/${encodeURIComponent(best.id)}`, text: best.id }),
          ` ${job.objective.name}=${formatNumber(best.objective)}  ${formatParameters(best.parameters)}`]
        : ['—']),
      h('dt', { text: 'Ranges' }), h('dd', {}, [h('ul', { class: 'ranges' }, job.ranges.map((r) => h('li', {
        text: r.type === 'Categorical'
          ? `${r.name}: Categorical {${r.values.join(', ')}}`
          : `${r.name}: ${r.type} [${formatNumber(r.min)}, ${formatNumber(r.max)}] ${r.scaling}`,
      })))]),
    ]),
  ]);
}

function panel(id, title, content) {
  return h('section', { class: 'panel', id }, [h('h3', { text: title }), content]);
}

// `rerender` redraws the page from the same data (after a UI choice).
export function renderJob({ job, trials, curves, model }, rerender) {
  const ui = stateOf(job.name, job);
  const bestId = job.best_trial ? job.best_trial.id : null;
  return h('section', { id: 'job-view', 'data-job': job.name, 'data-trials': trials.length, 'data-status': job.status }, [
    h('h2', { text: job.name }),
    summary(job),
    panel('panel-timeline', 'Objective over time', timelineChart(job, trials)),
    panel('panel-params', 'Objective against each hyperparameter', paramPlots(job, trials)),
    panel('panel-curves', 'Learning curves', curvesChart(job, curves, ui.metric,
      (metric) => { ui.metric = metric; rerender(); }, bestId)),
    panel('panel-parallel', 'Parallel coordinates', parallelChart(job, trials)),
    panel('panel-model', "The GP's model: the mean and +-2 sd along each hyperparameter, the others at the best trial's values",
      modelPlots(job, model)),
    panel('panel-table', 'Trials', trialsTable(job, trials, ui.sort,
      (sort) => { ui.sort = sort; rerender(); })),
  ]);
}
