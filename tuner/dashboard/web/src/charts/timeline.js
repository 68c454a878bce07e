// (1) The timeline: each ended trial's objective against the time it ended,
// coloured by status, with the best-so-far as a step line.
import { s, h, tooltip } from '../dom.js';
import { formatDuration, formatNumber, stateColor } from '../format.js';
import { extent, linearScale, padded } from './scale.js';
import { bottomAxis, emptyNote, frame, leftAxis } from './axes.js';

export function timelineChart(job, trials) {
  const f = frame({ id: 'timeline', className: 'timeline', width: 760, height: 280 });
  const ended = trials
    .filter((t) => t.ended_at && typeof t.objective === 'number')
    .sort((a, b) => a.ended_at - b.ended_at);
  if (ended.length === 0) {
    f.svg.append(emptyNote(f, 'no trial has ended with an objective yet'));
    return wrap(f.svg);
  }
  // Seconds since the job started, so the ticks are round numbers.
  const start = Math.min(job.created_at || Infinity, ended[0].ended_at);
  const last = ended[ended.length - 1].ended_at - start;
  const x0 = linearScale(0, last * 1.03 + 1e-9, f.x0, f.x1);
  const x = Object.assign((time) => x0(time - start), { ticks: x0.ticks });
  const y = linearScale(...padded(extent(ended.map((t) => t.objective))), f.y0, f.y1);
  f.plot.append(bottomAxis(f, x0, { format: formatDuration, label: 'ended, time since the job started' }));
  f.plot.append(leftAxis(f, y, { label: job.objective.name }));

  // Best so far among completed and stopped trials, as the scheduler ranks.
  const maximize = job.objective.type === 'Maximize';
  let best = null;
  const steps = [];
  for (const t of ended) {
    if (t.state === 'Failed') continue;
    if (best === null || (maximize ? t.objective > best : t.objective < best)) best = t.objective;
    steps.push([t.ended_at, best]);
  }
  if (steps.length) {
    let d = `M${x(steps[0][0])},${y(steps[0][1])}`;
    for (let i = 1; i < steps.length; ++i) d += `H${x(steps[i][0])}V${y(steps[i][1])}`;
    d += `H${f.x1}`;
    f.plot.append(s('path', { class: 'timeline-best', d }));
  }
  for (const t of ended) {
    f.plot.append(s('circle', {
      class: 'timeline-point', cx: x(t.ended_at), cy: y(t.objective), r: 5,
      fill: stateColor(t.state), 'data-state': t.state, 'data-trial': t.id,
    }, [tooltip(`${t.id} ${t.state}\n${job.objective.name}=${formatNumber(t.objective)}`)]));
  }
  return wrap(f.svg);
}

function wrap(svg) {
  return h('div', { class: 'chart-wrap' }, [svg]);
}
