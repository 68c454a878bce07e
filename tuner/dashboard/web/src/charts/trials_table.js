// (5) The table of trials, sortable by any column (click a header; again
// to reverse).
import { h } from '../dom.js';
import { formatDuration, formatNumber, formatTime } from '../format.js';

// Where the trial's point came from, as the designer said.
function sourceLabel(source) {
  return {
    initial_design: 'initial design', gp: 'GP', restart: 'restart', unknown: '—',
  }[source] || source;
}

export function trialsTable(job, trials, sort, onSort) {
  const columns = [
    { key: 'id', label: 'trial', value: (t) => t.seq },
    { key: 'state', label: 'status', value: (t) => t.state },
    { key: 'source', label: 'from', value: (t) => t.source },
    { key: 'objective', label: job.objective.name, value: (t) => t.objective },
    ...job.ranges.map((r) => ({ key: `p:${r.name}`, label: r.name, value: (t) => t.parameters[r.name] })),
    { key: 'ended_at', label: 'ended', value: (t) => t.ended_at },
    { key: 'duration', label: 'seconds', value: (t) => (t.started_at && t.ended_at ? t.ended_at - t.started_at : null) },
    { key: 'worker', label: 'worker', value: (t) => t.worker },
    { key: 'attempt', label: 'attempt', value: (t) => t.attempt },
    { key: 'reason', label: 'reason', value: (t) => t.reason },
  ];
  const column = columns.find((c) => c.key === sort.key) || columns[0];
  const sign = sort.descending ? -1 : 1;
  const rows = [...trials].sort((a, b) => {
    const va = column.value(a);
    const vb = column.value(b);
    // Missing values sort last either way.
    if (va === null || va === undefined || va === '') return 1;
    if (vb === null || vb === undefined || vb === '') return -1;
    if (typeof va === 'number' && typeof vb === 'number') return sign * (va - vb);
    return sign * String(va).localeCompare(String(vb), undefined, { numeric: true });
  });
  const head = h('tr', {}, columns.map((c) => h('th', {
    'data-sort': c.key,
    class: c.key === column.key ? (sort.descending ? 'sorted desc' : 'sorted asc') : '',
    onclick: () => onSort({ key: c.key, descending: c.key === column.key ? !sort.descending : false }),
    text: c.label,
  })));
  const body = rows.map((t) => h('tr', { class: 'trial-row', 'data-trial': t.id, 'data-state': t.state }, [
    h('td', {}, [h('a', { href: `#/trials/${encodeURIComponent(t.id)}`, text: t.id })]),
    h('td', {}, [h('span', { class: `badge state-${t.state}`, text: t.state })]),
    h('td', { class: `source source-${t.source}`, text: sourceLabel(t.source) }),
    h('td', { class: 'num', text: formatNumber(t.objective) }),
    ...job.ranges.map((r) => h('td', { class: 'num', text: formatNumber(t.parameters[r.name]) })),
    h('td', { text: formatTime(t.ended_at) }),
    h('td', { class: 'num', text: formatDuration(t.started_at && t.ended_at ? t.ended_at - t.started_at : null) }),
    h('td', { text: t.worker || '—' }),
    h('td', { class: 'num', text: t.attempt }),
    h('td', { class: 'reason', text: t.reason }),
  ]));
  return h('table', { id: 'trials-table', class: 'data' }, [h('thead', {}, [head]), h('tbody', {}, body)]);
}
