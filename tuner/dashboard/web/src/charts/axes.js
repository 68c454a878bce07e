// Axes and frames shared by the charts.
import { s } from '../dom.js';
import { formatNumber } from '../format.js';

// An <svg> with a plotting area: returns {svg, plot, x0, x1, y0, y1}.
export function frame({ id, className, width, height, margin }) {
  const m = { top: 12, right: 16, bottom: 40, left: 56, ...(margin || {}) };
  const svg = s('svg', {
    id,
    class: `chart ${className || ''}`.trim(),
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
  });
  const plot = s('g', { class: 'plot' });
  svg.append(plot);
  return { svg, plot, x0: m.left, x1: width - m.right, y0: height - m.bottom, y1: m.top, width, height };
}

// A bottom axis for scale `x` at pixel row `y`, ticks formatted by `format`.
export function bottomAxis(f, x, { ticks, format = formatNumber, label } = {}) {
  const g = s('g', { class: 'axis axis-x' });
  g.append(s('line', { x1: f.x0, x2: f.x1, y1: f.y0, y2: f.y0 }));
  for (const t of ticks || x.ticks(6)) {
    const px = x(t);
    g.append(s('line', { class: 'grid', x1: px, x2: px, y1: f.y0, y2: f.y1 }));
    g.append(s('text', { x: px, y: f.y0 + 16, 'text-anchor': 'middle', text: format(t) }));
  }
  if (label) {
    g.append(s('text', { class: 'axis-label', x: (f.x0 + f.x1) / 2, y: f.height - 4, 'text-anchor': 'middle', text: label }));
  }
  return g;
}

// A left axis for scale `y`.
export function leftAxis(f, y, { ticks, format = formatNumber, label } = {}) {
  const g = s('g', { class: 'axis axis-y' });
  g.append(s('line', { x1: f.x0, x2: f.x0, y1: f.y0, y2: f.y1 }));
  for (const t of ticks || y.ticks(5)) {
    const py = y(t);
    g.append(s('line', { class: 'grid', x1: f.x0, x2: f.x1, y1: py, y2: py }));
    g.append(s('text', { x: f.x0 - 6, y: py + 4, 'text-anchor': 'end', text: format(t) }));
  }
  if (label) {
    g.append(s('text', {
      class: 'axis-label', x: 12, y: (f.y0 + f.y1) / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 12 ${(f.y0 + f.y1) / 2})`, text: label,
    }));
  }
  return g;
}

// A note in the middle of an empty chart.
export function emptyNote(f, text) {
  return s('text', { class: 'empty-note', x: (f.x0 + f.x1) / 2, y: (f.y0 + f.y1) / 2, 'text-anchor': 'middle', text });
}
