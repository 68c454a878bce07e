// Formatting of numbers, times and states for display.

export function formatNumber(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}

export function formatTime(seconds) {
  if (!seconds) return '—';
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatClock(seconds) {
  const d = new Date(seconds * 1000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function formatDuration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return '—';
  if (seconds < 60) return `${Number(seconds.toFixed(1))}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${Math.round(seconds - m * 60)}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

// Trial and job states -> CSS colour variables (style.css).
export const STATE_COLORS = {
  Completed: 'var(--completed)',
  InProgress: 'var(--running)',
  Pending: 'var(--pending)',
  Failed: 'var(--failed)',
  Stopped: 'var(--stopped)',
  Stopping: 'var(--stopped)',
};

export function stateColor(state) {
  return STATE_COLORS[state] || 'var(--pending)';
}

export function formatParameters(parameters) {
  return Object.entries(parameters || {})
    .map(([k, v]) => `${k}=${formatNumber(v)}`)
    .join(' ');
}
