// (6) The model: for each hyperparameter, most important first, the GP's
// posterior mean and its +-2 sd band along a slice through the best trial
// (GET /api/jobs/{name}/model), with the completed trials on it, coloured
// by where they came from (initial design, GP, a restart's design, other).
import { h, s, tooltip } from '../dom.js';
import { formatNumber } from '../format.js';
import { extent, linearScale, logScale, padded } from './scale.js';
import { bottomAxis, emptyNote, frame, leftAxis } from './axes.js';

const SOURCES = [
  { source: 'initial_design', label: 'initial design', color: '#8c8c8c' },
  { source: 'gp', label: 'GP', color: '#1f77b4' },
  { source: 'restart', label: 'restart', color: '#2ca02c' },
  { source: 'other', label: 'other', color: '#ff7f0e' },
];

function sourceOf(point) {
  return SOURCES.find((s) => s.source === point.source) || SOURCES[SOURCES.length - 1];
}

function legend() {
  return h('div', { class: 'model-legend' }, SOURCES.map((src) => h('span', {
    class: 'model-legend-item', style: `color: ${src.color}`, text: `● ${src.label}`,
  })));
}

// `model` is the API's reply (empty slices and a note while there is no
// model yet), or {error} when it could not be read.
export function modelPlots(job, model) {
  const container = h('div', { class: 'model-plots' });
  if (!model || model.error || !model.slices.length) {
    const why = model ? model.error || model.note : '';
    container.append(h('p', { class: 'model-note', text: why || 'no model yet' }));
    return container;
  }
  const best = model.best_by_model;
  if (best && best.id) {
    container.append(h('p', { class: 'model-best', id: 'model-best' }, [
      'Best by the model (what to deploy when the objective is noisy): ',
      h('a', { href: `#/trials/${encodeURIComponent(best.id)}`, text: best.id }),
      `, predicted ${job.objective.name}=${formatNumber(best.predicted)} (observed ${formatNumber(best.objective)})`,
    ]));
  }
  container.append(legend());
  const slices = [...model.slices].sort((a, b) => b.importance - a.importance);
  slices.forEach((slice, rank) => {
    const f = frame({ className: 'model-svg', width: 340, height: 230, margin: { left: 52 } });
    container.append(h('div', {
      class: 'model-plot', 'data-param': slice.name, 'data-importance': slice.importance,
    }, [
      h('h4', { text: `#${rank + 1} ${slice.name}: importance ${Math.round(100 * slice.importance)}%` }),
      f.svg,
    ]));
    const values = [];
    for (const list of [slice.mean, slice.lower, slice.upper]) {
      for (const v of list) if (typeof v === 'number') values.push(v);
    }
    for (const p of model.observed) values.push(p.objective);
    const yExtent = extent(values);
    if (!yExtent) {
      f.svg.append(emptyNote(f, 'no prediction'));
      return;
    }
    const y = linearScale(...padded(yExtent), f.y0, f.y1);
    f.plot.append(leftAxis(f, y, { label: job.objective.name }));
    let xAt;
    let xOfValue;
    if (slice.scale === 'categorical') {
      const band = (f.x1 - f.x0) / slice.x.length;
      const ticks = slice.x.map((_, i) => i);
      const x = (i) => f.x0 + band * (i + 0.5);
      x.ticks = () => ticks;
      f.plot.append(bottomAxis(f, x, { ticks, format: (i) => slice.x[i], label: slice.name }));
      xAt = (i) => x(i);
      xOfValue = (v) => {
        const i = slice.x.indexOf(String(v));
        return i < 0 ? null : x(i);
      };
    } else {
      const numbers = slice.x.map(Number);
      const lo = Math.min(...numbers);
      const hi = Math.max(...numbers);
      const log = slice.scale === 'log' && lo > 0;
      const x = log ? logScale(lo, hi, f.x0 + 6, f.x1 - 6) : linearScale(...padded([lo, hi], 0.03), f.x0, f.x1);
      f.plot.append(bottomAxis(f, x, { label: slice.name + (log ? ' (log)' : '') }));
      xAt = (i) => x(numbers[i]);
      xOfValue = (v) => (isFinite(Number(v)) ? x(Number(v)) : null);
    }
    const upper = [];
    const lower = [];
    const mean = [];
    slice.x.forEach((_, i) => {
      if ([slice.mean[i], slice.lower[i], slice.upper[i]].some((v) => typeof v !== 'number')) return;
      const px = xAt(i);
      upper.push(`${px},${y(slice.upper[i])}`);
      lower.unshift(`${px},${y(slice.lower[i])}`);
      mean.push(`${px},${y(slice.mean[i])}`);
    });
    f.plot.append(s('polygon', {
      class: 'model-band', points: [...upper, ...lower].join(' '), fill: '#1f77b4', 'fill-opacity': 0.15,
    }));
    f.plot.append(s('polyline', {
      class: 'model-mean', points: mean.join(' '), fill: 'none', stroke: '#1f77b4', 'stroke-width': 2,
    }));
    for (const p of model.observed) {
      const cx = xOfValue(p.parameters[slice.name]);
      if (cx === null) continue;
      const src = sourceOf(p);
      f.plot.append(s('circle', {
        class: 'model-point', cx, cy: y(p.objective), r: 4, fill: src.color,
        'data-trial': p.id, 'data-source': p.source, 'data-param': slice.name,
      }, [tooltip(`${p.id} (${src.label}): ${slice.name}=${formatNumber(p.parameters[slice.name])}\n` +
                  `${job.objective.name}=${formatNumber(p.objective)}`)]));
    }
  });
  return container;
}
