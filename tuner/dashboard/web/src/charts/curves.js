// (3) Learning curves: one line per trial for the chosen metric, against
// the step; the best trial drawn on top.
import { h, s, tooltip } from '../dom.js';
import { formatNumber, stateColor } from '../format.js';
import { extent, linearScale, padded } from './scale.js';
import { bottomAxis, emptyNote, frame, leftAxis } from './axes.js';

// curves: /api/jobs/{name}/curves. Returns the chart with a metric picker.
export function curvesChart(job, curves, metric, onMetric, bestId) {
  const metrics = new Set(job.metrics.map((m) => m.name));
  for (const t of curves.trials) for (const p of t.points) metrics.add(p.metric);
  const picker = h('select', { id: 'curve-metric', onchange: (e) => onMetric(e.target.value) },
    [...metrics].map((m) => h('option', { value: m, selected: m === metric, text: m })));

  const f = frame({ id: 'curves', className: 'curves', width: 760, height: 300 });
  const series = curves.trials
    .map((t) => ({ ...t, points: t.points.filter((p) => p.metric === metric).sort((a, b) => a.step - b.step) }))
    .filter((t) => t.points.length > 0);
  const all = series.flatMap((t) => t.points);
  if (all.length === 0) {
    f.svg.append(emptyNote(f, `no points of ${metric} yet`));
  } else {
    const x = linearScale(...extent(all.map((p) => p.step)), f.x0, f.x1);
    const y = linearScale(...padded(extent(all.map((p) => p.value))), f.y0, f.y1);
    f.plot.append(bottomAxis(f, x, { label: 'step' }));
    f.plot.append(leftAxis(f, y, { label: metric }));
    series.sort((a, b) => (a.id === bestId) - (b.id === bestId));
    for (const t of series) {
      const d = t.points.map((p, i) => `${i ? 'L' : 'M'}${x(p.step)},${y(p.value)}`).join('');
      const best = t.id === bestId;
      f.plot.append(s('path', {
        class: `curve${best ? ' best' : ''}`, d, stroke: stateColor(t.state),
        'data-trial': t.id, 'data-state': t.state, 'data-metric': metric, 'data-points': t.points.length,
      }, [tooltip(`${t.id} ${t.state}: last ${metric}=${formatNumber(t.points[t.points.length - 1].value)}`)]));
      if (t.points.length === 1) {
        const p = t.points[0];
        f.plot.append(s('circle', { class: 'curve-dot', cx: x(p.step), cy: y(p.value), r: 3, fill: stateColor(t.state) }));
      }
    }
  }
  return h('div', { class: 'chart-wrap' }, [
    h('label', { class: 'picker' }, ['metric ', picker]),
    f.svg,
  ]);
}
