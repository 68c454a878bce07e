// Scales and ticks for the hand-written SVG charts.

// A linear map from [d0, d1] to [r0, r1]; a degenerate domain is widened.
export function linearScale(d0, d1, r0, r1) {
  if (!(d1 > d0)) {
    const pad = d0 === 0 ? 1 : Math.abs(d0) * 0.1;
    d0 -= pad;
    d1 += pad;
  }
  const f = (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
  f.domain = [d0, d1];
  f.ticks = (n = 5) => niceTicks(d0, d1, n);
  f.log = false;
  return f;
}

// A log10 map; the domain must be positive.
export function logScale(d0, d1, r0, r1) {
  d0 = Math.max(d0, 1e-300);
  d1 = Math.max(d1, d0);
  if (!(d1 > d0)) {
    d0 /= 2;
    d1 *= 2;
  }
  const l0 = Math.log10(d0);
  const l1 = Math.log10(d1);
  const f = (v) => r0 + ((Math.log10(Math.max(v, 1e-300)) - l0) / (l1 - l0)) * (r1 - r0);
  f.domain = [d0, d1];
  f.ticks = () => {
    const out = [];
    for (let e = Math.floor(l0); e <= Math.ceil(l1); ++e) {
      const v = 10 ** e;
      if (v >= d0 * 0.999 && v <= d1 * 1.001) out.push(v);
    }
    return out.length >= 2 ? out : [d0, d1];
  };
  f.log = true;
  return f;
}

// About n round numbers covering [d0, d1].
export function niceTicks(d0, d1, n = 5) {
  const span = d1 - d0;
  if (!(span > 0) || !isFinite(span)) return [d0];
  const raw = span / Math.max(1, n);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= n) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(d0 / step) * step; v <= d1 + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

// [min, max] of finite numbers, or null.
export function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (typeof v !== 'number' || !isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : null;
}

// Pads a numeric domain by a fraction on both sides (linear scales).
export function padded([lo, hi], fraction = 0.05) {
  const pad = (hi - lo) * fraction || Math.abs(lo) * fraction || 1;
  return [lo - pad, hi + pad];
}
