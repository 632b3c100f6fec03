// Tasks: GET /tasks with filters (agent, status, creation time, text in the task id), cursor paging, and rows that
// are queued or running refreshed every 2 s. Filters live in the URL, so a filtered view can be bookmarked.
import { api, query, ApiError } from './api.js';
import { h, clear, link, taskHref, statusBadge, shortId, timeElement, formatDuration, between, table, field, notice, problemText, TERMINAL } from './ui.js';

const PAGE_SIZE = 25;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
const RANGES = { '': 'Any time', '15m': 'Last 15 minutes', '1h': 'Last hour', '24h': 'Last 24 hours', '7d': 'Last 7 days', custom: 'Between…' };
const RANGE_MS = { '15m': 900_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 604_800_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function option(value, label, selected) {
  return h('option', { value, selected: value === selected }, label);
}

/** datetime-local text (local time) → ISO 8601 UTC, or '' */
function localToIso(text) {
  return text ? new Date(text).toISOString() : '';
}

export async function tasksPage(main, context) {
  const params = new URLSearchParams(location.search);
  const filters = {
    agent: params.get('agent') ?? '', status: params.get('status') ?? '', range: params.get('range') ?? '',
    after: params.get('after') ?? '', before: params.get('before') ?? '', id: params.get('id') ?? '',
  };
  const [agents, stats] = await Promise.all([api('/agents').catch(() => []), api('/tasks/stats').catch(() => ({ agents: {} }))]);
  const agentNames = [...new Set([...agents.map((a) => a.name), ...Object.keys(stats.agents)])].sort();

  const agentSelect = h('select', { name: 'agent', id: 'filter-agent' }, option('', 'All agents', filters.agent), agentNames.map((n) => option(n, n, filters.agent)));
  const statusSelect = h('select', { name: 'status', id: 'filter-status' }, option('', 'Any status', filters.status), STATUSES.map((s) => option(s, s, filters.status)));
  const rangeSelect = h('select', { name: 'range', id: 'filter-range' }, Object.entries(RANGES).map(([v, l]) => option(v, l, filters.range)));
  const afterInput = h('input', { type: 'datetime-local', name: 'after', id: 'filter-after', value: filters.after });
  const beforeInput = h('input', { type: 'datetime-local', name: 'before', id: 'filter-before', value: filters.before });
  const betweenBox = h('div', { class: 'between', hidden: filters.range !== 'custom' },
    field('Created after', afterInput), field('Created before', beforeInput));
  rangeSelect.addEventListener('change', () => { betweenBox.hidden = rangeSelect.value !== 'custom'; });
  const idInput = h('input', { type: 'search', name: 'id', id: 'filter-id', value: filters.id, autocomplete: 'off', spellcheck: 'false' });

  const form = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Filter tasks', onsubmit: (event) => {
    event.preventDefault();
    const next = { agent: agentSelect.value, status: statusSelect.value, range: rangeSelect.value, id: idInput.value.trim() };
    if (next.range === 'custom') Object.assign(next, { after: afterInput.value, before: beforeInput.value });
    context.navigate(`/console/tasks${query(next)}`);
  } },
  field('Agent', agentSelect), field('Status', statusSelect), field('Created', rangeSelect), betweenBox,
  field('Task id contains', idInput, 'A whole id opens that task.'),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
    h('button', { type: 'button', onclick: () => context.navigate('/console/tasks') }, 'Clear')));

  const results = h('div', { 'aria-live': 'polite', 'aria-busy': 'true' });
  clear(main, h('h1', { tabindex: -1 }, 'Tasks'), form, results);

  if (UUID.test(filters.id)) {
    await showOne(results, filters.id);
    return;
  }

  const createdAfter = filters.range === 'custom' ? localToIso(filters.after) : RANGE_MS[filters.range] ? new Date(Date.now() - RANGE_MS[filters.range]).toISOString() : '';
  const createdBefore = filters.range === 'custom' ? localToIso(filters.before) : '';
  const cursors = [];
  let cursor = '';
  const rows = new Map();

  async function loadPage() {
    results.setAttribute('aria-busy', 'true');
    let page;
    try {
      page = await api(`/tasks${query({ agent: filters.agent, status: filters.status, created_after: createdAfter, created_before: createdBefore, limit: PAGE_SIZE, cursor })}`);
    } catch (error) {
      clear(results, notice(problemText(error)));
      return;
    }
    const needle = filters.id.toLowerCase();
    const items = needle ? page.items.filter((t) => t.task_id.includes(needle)) : page.items;
    rows.clear();
    const body = items.map((t) => { const row = taskRow(t); rows.set(t.task_id, row); return row; });
    const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', disabled: cursors.length === 0, onclick: () => { cursor = cursors.pop(); loadPage(); } }, '← Newer'),
      h('span', { class: 'muted' }, `Page ${cursors.length + 1}`),
      h('button', { type: 'button', disabled: !page.next_cursor, onclick: () => { cursors.push(cursor); cursor = page.next_cursor; loadPage(); } }, 'Older →'));
    clear(results,
      needle ? h('p', { class: 'muted' }, `The id filter applies to the ${page.items.length} tasks of this page; “Older” looks further.`) : null,
      items.length === 0 ? h('p', { class: 'muted', 'data-empty': true }, 'No task matches these filters on this page.') :
        table('Tasks, newest first', ['Task', 'Agent', 'Status', 'Created', ['Took', 'optional'], ['Attempts', 'num optional'], 'Error'], body, { class: 'tasks' }),
      pager);
    results.setAttribute('aria-busy', 'false');
  }

  // Rows of tasks still queued or running are read again until they finish (at most 20 a round).
  async function refreshLive() {
    const live = [...rows.entries()].filter(([, row]) => !TERMINAL.has(row.dataset.status)).slice(0, 20);
    await Promise.all(live.map(async ([id, row]) => {
      try {
        const task = await api(`/agents/status/${encodeURIComponent(id)}`);
        if (task.status !== row.dataset.status) {
          const fresh = taskRow(task);
          fresh.classList.add('changed');
          row.replaceWith(fresh);
          rows.set(id, fresh);
        }
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 404)) throw error;
      }
    }));
  }

  await loadPage();
  context.every(2000, refreshLive);
}

async function showOne(results, id) {
  try {
    const task = await api(`/agents/status/${encodeURIComponent(id)}`);
    clear(results, table('The task with that id', ['Task', 'Agent', 'Status', 'Created', ['Took', 'optional'], ['Attempts', 'num optional'], 'Error'], [taskRow(task)], { class: 'tasks' }));
  } catch (error) {
    clear(results, error instanceof ApiError && error.status === 404 ? h('p', {}, `No task ${id} (or it expired).`) : notice(problemText(error)));
  }
  results.setAttribute('aria-busy', 'false');
}

function taskRow(t) {
  const took = between(t.started_at ?? t.created_at, t.finished_at);
  return h('tr', { 'data-task-id': t.task_id, 'data-status': t.status },
    h('td', {}, link(taskHref(t.task_id), h('code', { title: t.task_id, 'aria-label': `Task ${t.task_id}` }, shortId(t.task_id)))),
    h('td', {}, t.agent),
    h('td', {}, statusBadge(t.status)),
    h('td', {}, timeElement(t.created_at)),
    h('td', { class: 'optional' }, formatDuration(took)),
    h('td', { class: 'num optional' }, String(t.attempts)),
    h('td', { class: 'message' }, t.error ? [h('code', {}, t.error.code), ' ', t.error.message] : ''));
}
