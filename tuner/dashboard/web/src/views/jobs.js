// The jobs list: status, counters by trial state, best objective.
import { h } from '../dom.js';
import { formatNumber, formatTime } from '../format.js';

export async function loadJobs(api) {
  return { jobs: await api.jobs() };
}

export function renderJobs({ jobs }) {
  const rows = jobs.jobs.map((job) => h('tr', { class: 'job-row', 'data-job': job.name, 'data-status': job.status }, [
    h('td', {}, [h('a', { href: `#/jobs/${encodeURIComponent(job.name)}`, text: job.name })]),
    h('td', {}, [h('span', { class: `badge state-${job.status}`, text: job.status })]),
    h('td', { text: job.strategy }),
    h('td', { class: 'num', text: `${job.counts.total} / ${job.max_jobs}` }),
    h('td', { class: 'num', text: job.counts.completed }),
    h('td', { class: 'num', text: job.counts.in_progress }),
    h('td', { class: 'num', text: job.counts.pending }),
    h('td', { class: 'num', text: job.counts.failed }),
    h('td', { class: 'num', text: job.counts.stopped }),
    h('td', { class: 'num best-objective', text: formatNumber(job.best_objective) }),
    h('td', { text: `${job.objective.type} ${job.objective.name}` }),
    h('td', { text: formatTime(job.created_at) }),
  ]));
  const headers = ['job', 'status', 'strategy', 'trials', 'completed', 'running', 'pending', 'failed',
    'stopped', 'best', 'objective', 'created'];
  return h('section', { id: 'jobs-view', 'data-jobs': jobs.jobs.length }, [
    h('h2', { text: 'Tuning jobs' }),
    jobs.jobs.length === 0
      ? h('p', { class: 'empty', text: 'No jobs yet: tunectl create-job spec.yaml' })
      : h('table', { id: 'jobs-table', class: 'data' }, [
        h('thead', {}, [h('tr', {}, headers.map((t) => h('th', { text: t })))]),
        h('tbody', {}, rows),
      ]),
  ]);
}
