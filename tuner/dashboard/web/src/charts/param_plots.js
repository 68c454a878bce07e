// (2) The objective against each hyperparameter: one small plot per range,
// a log axis for Logarithmic ones, one column per category.
import { h, s, tooltip } from '../dom.js';
import { formatNumber, stateColor } from '../format.js';
import { extent, linearScale, logScale, padded } from './scale.js';
import { bottomAxis, emptyNote, frame, leftAxis } from './axes.js';

// A stable jitter in [-0.5, 0.5) from a trial id, so points do not dance
// on every refresh.
function jitter(id) {
  let hash = 2166136261;
  for (const c of id) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619);
  return ((hash >>> 0) % 1000) / 1000 - 0.5;
}

export function paramPlots(job, trials) {
  const scored = trials.filter((t) => typeof t.objective === 'number');
  const container = h('div', { class: 'param-plots' });
  const yExtent = extent(scored.map((t) => t.objective));
  for (const range of job.ranges) {
    const f = frame({ className: 'param-svg', width: 340, height: 230, margin: { left: 52 } });
    const plot = h('div', { class: 'param-plot', 'data-param': range.name }, [
      h('h4', { text: `${range.name} (${range.type}${range.scaling ? ', ' + range.scaling : ''})` }),
      f.svg,
    ]);
    container.append(plot);
    if (!yExtent) {
      f.svg.append(emptyNote(f, 'no objective yet'));
      continue;
    }
    const y = linearScale(...padded(yExtent), f.y0, f.y1);
    f.plot.append(leftAxis(f, y, { label: job.objective.name }));
    let xOf;
    if (range.type === 'Categorical') {
      const band = (f.x1 - f.x0) / range.values.length;
      const ticks = range.values.map((_, i) => i);
      const x = (i) => f.x0 + band * (i + 0.5);
      x.ticks = () => ticks;
      f.plot.append(bottomAxis(f, x, { ticks, format: (i) => range.values[i], label: range.name }));
      xOf = (t) => {
        const i = range.values.indexOf(String(t.parameters[range.name]));
        return i < 0 ? null : x(i) + jitter(t.id) * band * 0.5;
      };
    } else {
      const log = range.scaling === 'Logarithmic';
      const x = log
        ? logScale(range.min, range.max, f.x0 + 6, f.x1 - 6)
        : linearScale(...padded([range.min, range.max], 0.03), f.x0, f.x1);
      f.plot.append(bottomAxis(f, x, { label: range.name + (log ? ' (log)' : '') }));
      f.svg.classList.add(log ? 'log-x' : 'linear-x');
      xOf = (t) => {
        const v = Number(t.parameters[range.name]);
        return isFinite(v) ? x(v) : null;
      };
    }
    for (const t of scored) {
      const cx = xOf(t);
      if (cx === null) continue;
      f.plot.append(s('circle', {
        class: 'param-point', cx, cy: y(t.objective), r: 4, fill: stateColor(t.state),
        'data-trial': t.id, 'data-state': t.state, 'data-param': range.name,
      }, [tooltip(`${t.id}: ${range.name}=${formatNumber(t.parameters[range.name])}\n` +
                  `${job.objective.name}=${formatNumber(t.objective)}`)]));
    }
  }
  return container;
}
