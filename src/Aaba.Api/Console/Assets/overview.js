// Overview: the last hour (chart, throughput, failure rate), counts by agent and status, the busiest agents, tasks in
// flight, and the last day's failures grouped by error code. Refreshed every 10 s while shown.
import { api, query } from './api.js';
import { h, clear, link, taskHref, statusBadge, shortId, timeElement, formatDuration, between, table } from './ui.js';
import { activityChart, activityTotals } from './chart.js';

const FAILURE_WINDOW_HOURS = 24;

function section(title, body, id, wide = false) {
  const headingId = `h-${id}`;
  return h('section', { class: wide ? 'card wide' : 'card', 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), body);
}

export async function overviewPage(main, context) {
  const boxes = { hour: h('div'), agents: h('div'), busiest: h('div'), flight: h('div'), failures: h('div') };
  const updated = h('p', { class: 'muted' });
  clear(main,
    h('h1', { tabindex: -1 }, 'Overview'), updated,
    h('div', { class: 'grid' },
      section('Last hour', boxes.hour, 'hour', true),
      section('Busiest agents', boxes.busiest, 'busiest'),
      section('Tasks by agent and status', boxes.agents, 'agents'),
      section('In flight', boxes.flight, 'flight'),
      section(`Failures of the last ${FAILURE_WINDOW_HOURS} h by error code`, boxes.failures, 'failures', true)));

  async function load() {
    const since = new Date(Date.now() - FAILURE_WINDOW_HOURS * 3600_000).toISOString();
    const [stats, activity, running, queued, failed] = await Promise.all([
      api('/tasks/stats'),
      api('/tasks/activity?minutes=60'),
      api('/tasks?status=running&limit=20'),
      api('/tasks?status=queued&limit=20'),
      api(`/tasks${query({ status: 'failed', limit: 100, created_after: since })}`),
    ]);
    showHour(boxes.hour, activity);
    showBusiest(boxes.busiest, activity, stats);
    showAgents(boxes.agents, stats);
    showFlight(boxes.flight, [...running.items, ...queued.items]);
    showFailures(boxes.failures, failed);
    updated.textContent = `Updated ${new Date().toLocaleTimeString()}; refreshes every 10 s.`;
  }
  await load();
  context.every(10_000, load);
}

function showHour(box, activity) {
  const { succeeded, failed } = activityTotals(activity);
  const ok = succeeded.reduce((a, b) => a + b, 0);
  const bad = failed.reduce((a, b) => a + b, 0);
  const rate = ok + bad === 0 ? '—' : `${((100 * bad) / (ok + bad)).toFixed(1)} %`;
  clear(box,
    h('dl', { class: 'figures' },
      h('div', {}, h('dt', {}, 'Finished'), h('dd', { 'data-figure': 'finished' }, String(ok + bad))),
      h('div', {}, h('dt', {}, 'Per minute'), h('dd', {}, ((ok + bad) / activity.minutes).toFixed(1))),
      h('div', {}, h('dt', {}, 'Failed'), h('dd', { 'data-figure': 'failed' }, String(bad))),
      h('div', {}, h('dt', {}, 'Failure rate'), h('dd', { 'data-figure': 'failure-rate' }, rate))),
    activityChart(activity));
}

function showBusiest(box, activity, stats) {
  const agents = Object.entries(activity.agents).map(([name, s]) => ({
    name,
    finished: [...s.succeeded, ...s.failed, ...s.cancelled].reduce((a, b) => a + b, 0),
    failed: s.failed.reduce((a, b) => a + b, 0),
    active: stats.agents[name]?.active ?? 0,
  }));
  for (const [name, counts] of Object.entries(stats.agents)) {
    if (counts.active > 0 && !agents.some((a) => a.name === name)) agents.push({ name, finished: 0, failed: 0, active: counts.active });
  }
  agents.sort((a, b) => (b.finished + b.active) - (a.finished + a.active) || a.name.localeCompare(b.name));
  if (agents.length === 0) {
    clear(box, h('p', { class: 'muted' }, 'No task finished or ran in the last hour.'));
    return;
  }
  clear(box, h('ol', { class: 'busiest' }, agents.slice(0, 5).map((a) => h('li', {},
    link(`/console/tasks${query({ agent: a.name })}`, a.name), ': ',
    `${a.finished} finished in the last hour`, a.failed ? `, ${a.failed} failed` : '', a.active ? `, ${a.active} in flight` : ''))));
}

function showAgents(box, stats) {
  const names = Object.keys(stats.agents).sort();
  if (names.length === 0) {
    clear(box, h('p', { class: 'muted' }, 'No tasks yet. Run an agent from the Agents page.'));
    return;
  }
  const cell = (agent, status, label, n) => h('td', { class: 'num' }, n > 0 ? link(`/console/tasks${query({ agent, status })}`, h('span', { 'aria-label': `${n} ${label} tasks of ${agent}` }, String(n))) : '0');
  clear(box, table('Tasks by agent and status', ['Agent', 'Active', 'Succeeded', 'Failed', 'Cancelled'], names.map((name) => {
    const c = stats.agents[name];
    return h('tr', {}, h('th', { scope: 'row' }, name),
      h('td', { class: 'num' }, String(c.active ?? 0)),
      cell(name, 'succeeded', 'succeeded', c.succeeded ?? 0), cell(name, 'failed', 'failed', c.failed ?? 0), cell(name, 'cancelled', 'cancelled', c.cancelled ?? 0));
  })));
}

function showFlight(box, items) {
  if (items.length === 0) {
    clear(box, h('p', { class: 'muted' }, 'Nothing is queued or running.'));
    return;
  }
  const now = new Date().toISOString();
  clear(box, table('Tasks in flight', ['Task', 'Agent', 'Status', 'Started', 'For'], items.map((t) => h('tr', {},
    h('td', {}, link(taskHref(t.task_id), h('code', { title: t.task_id }, shortId(t.task_id)))),
    h('td', {}, t.agent), h('td', {}, statusBadge(t.status)), h('td', {}, timeElement(t.started_at ?? t.created_at)),
    h('td', {}, formatDuration(between(t.started_at ?? t.created_at, now)))))));
}

function showFailures(box, page) {
  const groups = new Map();
  for (const t of page.items) {
    const code = t.error?.code ?? 'unknown';
    const group = groups.get(code) ?? { code, count: 0, latest: t };
    group.count += 1;
    groups.set(code, group);
  }
  if (groups.size === 0) {
    clear(box, h('p', { class: 'muted' }, `No task failed in the last ${FAILURE_WINDOW_HOURS} h.`));
    return;
  }
  const more = page.next_cursor ? h('p', { class: 'muted' }, `Counts the newest ${page.items.length} failures; `, link('/console/tasks?status=failed', 'see them all'), '.') : null;
  clear(box, table('Failures by error code', ['Error code', 'Tasks', 'Latest message', 'Latest task'],
    [...groups.values()].sort((a, b) => b.count - a.count).map((g) => h('tr', {},
      h('th', { scope: 'row' }, h('code', {}, g.code)), h('td', { class: 'num' }, String(g.count)),
      h('td', { class: 'message' }, g.latest.error?.message ?? ''),
      h('td', {}, link(taskHref(g.latest.task_id), h('code', { title: g.latest.task_id }, shortId(g.latest.task_id))))))), more);
}
