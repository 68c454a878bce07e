// A trial: its record, its metric series and its events. tunerd has no
// trial logs (workers keep output.log); the API says where it is.
import { h, s, tooltip } from '../dom.js';
import { formatDuration, formatNumber, formatTime, stateColor } from '../format.js';
import { extent, linearScale, padded } from '../charts/scale.js';
import { bottomAxis, frame, leftAxis } from '../charts/axes.js';

export async function loadTrial(api, id) {
  return { trial: await api.trial(id) };
}

function seriesChart(metric, points) {
  const f = frame({ className: 'trial-series-chart', width: 360, height: 220 });
  const x = linearScale(...extent(points.map((p) => p.step)), f.x0, f.x1);
  const y = linearScale(...padded(extent(points.map((p) => p.value))), f.y0, f.y1);
  f.plot.append(bottomAxis(f, x, { label: 'step' }));
  f.plot.append(leftAxis(f, y, { label: metric }));
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.step)},${y(p.value)}`).join('');
  f.plot.append(s('path', { class: 'trial-series', d, 'data-metric': metric, 'data-points': points.length }));
  for (const p of points) {
    f.plot.append(s('circle', { class: 'trial-point', cx: x(p.step), cy: y(p.value), r: 3 },
      [tooltip(`${metric} step ${p.step}: ${formatNumber(p.value)}`)]));
  }
  return h('div', { class: 'trial-metric', 'data-metric': metric }, [h('h4', { text: `${metric} (${points.length} points)` }), f.svg]);
}

export function renderTrial({ trial }) {
  const byMetric = new Map();
  for (const p of trial.points) {
    if (!byMetric.has(p.metric)) byMetric.set(p.metric, []);
    byMetric.get(p.metric).push(p);
  }
  for (const points of byMetric.values()) points.sort((a, b) => a.step - b.step);
  const rows = [
    ['Job', h('a', { href: `#/jobs/${encodeURIComponent(trial.job)}`, text: trial.job })],
    ['Status', h('span', { class: `badge state-${trial.state}`, style: `--c:${stateColor(trial.state)}`, text: trial.state })],
    ['Objective', formatNumber(trial.objective)],
    ['Hyperparameters', Object.entries(trial.parameters).map(([k, v]) => `${k}=${formatNumber(v)}`).join('  ')],
    ['Static', Object.entries(trial.static_hyperparameters).map(([k, v]) => `${k}=${v}`).join('  ') || '—'],
    ['Worker', `${trial.worker || '—'}  attempt ${trial.attempt}  exit code ${trial.exit_code}`],
    ['Created', formatTime(trial.created_at)],
    ['Started', formatTime(trial.started_at)],
    ['Ended', formatTime(trial.ended_at)],
    ['Duration', formatDuration(trial.started_at && trial.ended_at ? trial.ended_at - trial.started_at : null)],
    ['Reason', trial.reason || '—'],
    ['Suggested', trial.suggestion ? JSON.stringify(trial.suggestion) : '—'],
  ];
  if (trial.warnings) rows.push(['Warnings', trial.warnings]);
  return h('section', { id: 'trial-view', 'data-trial': trial.id, 'data-state': trial.state }, [
    h('h2', { text: trial.id }),
    h('dl', { class: 'summary' }, rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, [v])])),
    h('section', { class: 'panel', id: 'panel-trial-metrics' }, [
      h('h3', { text: 'Metrics' }),
      byMetric.size === 0
        ? h('p', { class: 'empty', text: 'no metric points yet' })
        : h('div', { class: 'trial-metrics' }, [...byMetric].map(([m, pts]) => seriesChart(m, pts))),
    ]),
    h('section', { class: 'panel', id: 'panel-trial-log' }, [
      h('h3', { text: 'Log (last lines)' }),
      h('p', { class: 'note', id: 'log-note', text: trial.log_note }),
      trial.log == null
        ? h('p', { class: 'empty', text: 'not yet: the trial is still running' })
        : h('pre', { id: 'trial-log', class: 'log', text: trial.log }),
    ]),
    h('section', { class: 'panel', id: 'panel-trial-events' }, [
      h('h3', { text: 'Events' }),
      h('ul', { id: 'trial-events', class: 'events' }, trial.events.map((e) => h('li', {
        class: 'trial-event', 'data-kind': e.kind,
      }, [h('time', { text: formatTime(e.time) }), ' ', h('b', { text: e.kind }), ' ', e.message]))),
    ]),
  ]);
}
