// (4) Parallel coordinates: one vertical axis per hyperparameter and one
// for the objective; one polyline per trial, coloured by status.
import { s, h, tooltip } from '../dom.js';
import { formatNumber, formatParameters, stateColor } from '../format.js';
import { extent, linearScale, logScale, padded } from './scale.js';
import { frame } from './axes.js';

function axisFor(range, y0, y1) {
  if (range.type === 'Categorical') {
    const n = range.values.length;
    const pos = (v) => {
      const i = range.values.indexOf(String(v));
      return i < 0 ? null : y0 + ((i + 0.5) / n) * (y1 - y0);
    };
    return { pos, ticks: range.values.map((v) => [pos(v), v]) };
  }
  const scale = range.scaling === 'Logarithmic'
    ? logScale(range.min, range.max, y0, y1)
    : linearScale(range.min, range.max, y0, y1);
  const pos = (v) => (isFinite(Number(v)) ? scale(Number(v)) : null);
  return { pos, ticks: scale.ticks(4).map((t) => [scale(t), formatNumber(t)]) };
}

export function parallelChart(job, trials) {
  const axes = job.ranges.map((r) => ({ name: r.name, label: r.name, range: r }));
  const objectiveExtent = extent(trials.map((t) => t.objective));
  axes.push({ name: '__objective', label: job.objective.name, objective: true });
  const width = Math.max(560, 150 * axes.length);
  const f = frame({ id: 'parallel', className: 'parallel', width, height: 300, margin: { left: 60, right: 60, top: 28, bottom: 24 } });
  const gap = (f.x1 - f.x0) / Math.max(1, axes.length - 1);
  axes.forEach((axis, i) => {
    axis.x = f.x0 + gap * i;
    if (axis.objective) {
      const scale = linearScale(...padded(objectiveExtent || [0, 1]), f.y0, f.y1);
      axis.pos = (_, t) => (typeof t.objective === 'number' ? scale(t.objective) : null);
      axis.ticks = scale.ticks(4).map((v) => [scale(v), formatNumber(v)]);
    } else {
      const a = axisFor(axis.range, f.y0, f.y1);
      axis.pos = (v) => a.pos(v);
      axis.ticks = a.ticks;
    }
  });
  // Lines under the axes.
  const lines = s('g', { class: 'pc-lines' });
  f.plot.append(lines);
  for (const t of trials) {
    const pts = [];
    for (const axis of axes) {
      const y = axis.objective ? axis.pos(null, t) : axis.pos(t.parameters[axis.name]);
      if (y !== null && y !== undefined) pts.push([axis.x, y]);
    }
    if (pts.length === 0) continue;
    const d = pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join('');
    lines.append(s('path', {
      class: 'pc-line', d, stroke: stateColor(t.state), 'data-trial': t.id, 'data-state': t.state,
    }, [tooltip(`${t.id} ${t.state}: ${formatParameters(t.parameters)} → ${formatNumber(t.objective)}`)]));
  }
  for (const axis of axes) {
    const g = s('g', { class: 'pc-axis', 'data-axis': axis.name });
    g.append(s('line', { x1: axis.x, x2: axis.x, y1: f.y0, y2: f.y1 }));
    for (const [y, label] of axis.ticks) {
      g.append(s('line', { class: 'tick', x1: axis.x - 4, x2: axis.x, y1: y, y2: y }));
      g.append(s('text', { x: axis.x - 6, y: y + 4, 'text-anchor': 'end', text: label }));
    }
    g.append(s('text', { class: 'axis-label', x: axis.x, y: f.y1 - 12, 'text-anchor': 'middle', text: axis.label }));
    f.plot.append(g);
  }
  return h('div', { class: 'chart-wrap scroll-x' }, [f.svg]);
}
