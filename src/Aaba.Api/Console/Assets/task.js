// One task: status, timings, input, result (leads as a table), error, attempt history, its events live (SSE, resumed
// by the browser with Last-Event-ID), its transcript as a conversation, a pipeline's steps, and the cancel and
// re-run buttons (operators and admins only).
import { api, query, ApiError } from './api.js';
import { h, clear, link, taskHref, statusBadge, shortId, timeElement, formatDuration, between, prettyJson, table, notice, problemText, TERMINAL } from './ui.js';
import { transcriptView } from './transcript.js';

export async function taskPage(main, context, id) {
  let task;
  try {
    task = await api(`/agents/status/${encodeURIComponent(id)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      clear(main, h('h1', { tabindex: -1 }, 'Task not found'), h('p', {}, `No task ${id}: it does not exist, it expired, or it belongs to another tenant.`),
        h('p', {}, link('/console/tasks', 'Back to the tasks')));
      return;
    }
    throw error;
  }
  const rerunOf = new URLSearchParams(location.search).get('rerun_of');
  const heading = h('h1', { tabindex: -1 }, 'Task ', h('code', { class: 'task-id' }, task.task_id));
  const statusLine = h('div', { class: 'status-line', role: 'status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'actions' });
  const actionStatus = h('div', { 'aria-live': 'polite' });
  const details = h('div', { class: 'grid task-grid' });
  // Focusable: the list scrolls, and keyboard users must be able to scroll it.
  const eventsList = h('ol', { class: 'events', 'aria-label': 'Events, oldest first', tabindex: 0 });
  const streamState = h('p', { class: 'muted stream-state' });
  const transcriptBox = h('div');
  // A pipeline's step names by child task id, learnt from its progress events.
  const stepNames = new Map();

  clear(main,
    h('p', { class: 'crumbs' }, link('/console/tasks', '← Tasks')),
    heading,
    rerunOf ? h('p', { class: 'notice info' }, 'A re-run of ', link(taskHref(rerunOf), h('code', {}, rerunOf)), ', with the same input.') : null,
    h('div', { class: 'headline' }, statusLine, actions),
    actionStatus,
    details,
    h('section', { class: 'card', 'aria-labelledby': 'h-events' }, h('h2', { id: 'h-events' }, 'Live events'), streamState, eventsList),
    h('section', { class: 'card', 'aria-labelledby': 'h-transcript' }, h('h2', { id: 'h-transcript' }, 'Transcript'), transcriptBox));

  function show() {
    clear(statusLine, statusBadge(task.status), ' ', task.status === 'queued' && task.queue_position ? `position ${task.queue_position} in line` : '',
      task.error ? h('span', { class: 'error-code' }, ' ', h('code', {}, task.error.code)) : '');
    clear(actions, context.canOperate ? [
      !TERMINAL.has(task.status) ? h('button', { type: 'button', class: 'danger', onclick: cancel }, 'Cancel task') : null,
      h('button', { type: 'button', onclick: rerun }, 'Re-run with the same input'),
    ] : null);
    clear(details, summaryCard(task), task.error ? errorCard(task) : null, inputCard(task), resultCard(task), historyCard(task), stepsCard(task, stepNames));
  }

  async function reload() {
    task = await api(`/agents/status/${encodeURIComponent(id)}`);
    show();
  }

  async function loadTranscript() {
    try {
      const transcript = await api(`/agents/status/${encodeURIComponent(id)}/transcript`);
      clear(transcriptBox, transcriptView(transcript.entries, task));
    } catch (error) {
      clear(transcriptBox, notice(problemText(error)));
    }
  }

  async function cancel(event) {
    event.target.disabled = true;
    try {
      task = await api(`/agents/status/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
      clear(actionStatus, notice('Cancelled.', 'info'));
      show();
    } catch (error) {
      clear(actionStatus, notice(problemText(error)));
      event.target.disabled = false;
    }
  }

  async function rerun(event) {
    event.target.disabled = true;
    // Same agent, same input, same time limit: a new task; the new page links back here (?rerun_of=).
    const timeout = Math.round(task.timeout_s);
    try {
      const accepted = await api(`/agents/${encodeURIComponent(task.agent)}/run${query({ timeout_s: timeout >= 1 && timeout <= 3600 ? timeout : '' })}`,
        { method: 'POST', body: JSON.stringify(task.input) });
      context.navigate(`${taskHref(accepted.task_id)}${query({ rerun_of: task.task_id })}`);
    } catch (error) {
      clear(actionStatus, notice(problemText(error)));
      event.target.disabled = false;
    }
  }

  show();
  loadTranscript();
  watch(id, eventsList, streamState, context, async (terminal) => {
    await reload();
    if (terminal) await loadTranscript();
  }, (progress) => {
    // A pipeline started (or found) a step: name it, and read the task again when the step is new to this page.
    const step = progress.data;
    if (!Array.isArray(task.steps) || typeof step?.task_id !== 'string' || typeof step.step !== 'string') return;
    stepNames.set(step.task_id, Number.isInteger(step.item) ? `${step.step}[${step.item}]` : step.step);
    if (task.steps.some((s) => s.task_id === step.task_id)) show();
    else reload().catch(() => {});
  });
}

/** The task's events over SSE. The browser's EventSource reconnects by itself, sending Last-Event-ID, after a cut
 * connection or the server's `reconnect` event; the stream is closed here once the task has finished. */
function watch(id, list, state, context, changed, progressed) {
  const source = new EventSource(`/agents/status/${encodeURIComponent(id)}/events`);
  context.onLeave(() => source.close());
  const seen = new Set();
  state.textContent = 'Connecting…';
  source.onopen = () => { state.textContent = 'Live: new events appear as they happen.'; };
  source.onerror = () => {
    state.textContent = source.readyState === EventSource.CLOSED ? 'The event stream is closed.' : 'Connection lost; resuming after the last event…';
  };
  const add = (event, text, extra) => {
    if (seen.has(event.lastEventId)) return;
    seen.add(event.lastEventId);
    list.append(h('li', { 'data-event-id': event.lastEventId, 'data-type': event.type },
      h('span', { class: 'event-id' }, `#${event.lastEventId}`), ' ', h('span', { class: 'event-type' }, event.type), ' ', text, extra ?? ''));
  };
  source.addEventListener('status', async (event) => {
    const data = JSON.parse(event.data);
    add(event, statusBadge(data.status), [data.attempt ? ` attempt ${data.attempt}` : '', data.error ? [' ', h('code', {}, data.error.code), ` ${data.error.message}`] : '']);
    const terminal = TERMINAL.has(data.status);
    if (terminal) {
      source.close();
      state.textContent = `Finished: ${data.status}. The stream has ended.`;
    }
    await changed(terminal).catch(() => {});
  });
  source.addEventListener('progress', (event) => {
    const data = JSON.parse(event.data);
    add(event, data.message ?? '', data.data ? h('code', { class: 'event-data' }, ` ${JSON.stringify(data.data)}`) : '');
    progressed(data);
  });
  source.addEventListener('reconnect', () => {
    state.textContent = 'The server is restarting; resuming after the last event…';
  });
}

function card(title, id, ...body) {
  return h('section', { class: 'card', 'aria-labelledby': `h-${id}` }, h('h2', { id: `h-${id}` }, title), body);
}

function summaryCard(t) {
  const row = (term, value) => h('div', {}, h('dt', {}, term), h('dd', {}, value));
  return card('Summary', 'summary', h('dl', { class: 'facts' },
    row('Agent', link(`/console/tasks${query({ agent: t.agent })}`, t.agent)),
    row('Status', statusBadge(t.status)),
    row('Created', timeElement(t.created_at)),
    row('Started', timeElement(t.started_at)),
    row('Finished', timeElement(t.finished_at)),
    row('Waited', formatDuration(between(t.created_at, t.started_at))),
    row('Ran for', formatDuration(between(t.started_at, t.finished_at ?? (TERMINAL.has(t.status) ? null : new Date().toISOString())))),
    row('Attempts', String(t.attempts)),
    row('Time limit', `${t.timeout_s} s`),
    row('Model tokens', t.usage ? `${t.usage.prompt_tokens} prompt + ${t.usage.completion_tokens} completion` : '—')));
}

function errorCard(t) {
  return h('section', { class: 'card error-card', 'aria-labelledby': 'h-error' }, h('h2', { id: 'h-error' }, 'Error'),
    h('p', {}, h('code', { class: 'error-code' }, t.error.code)), h('p', { class: 'error-message' }, t.error.message));
}

function inputCard(t) {
  return card('Input', 'input', prettyJson(t.input, 'Input as JSON'));
}

function resultCard(t) {
  if (t.result === null || t.result === undefined) return card('Result', 'result', h('p', { class: 'muted' }, TERMINAL.has(t.status) ? 'No result.' : 'Not finished yet.'));
  const leads = Array.isArray(t.result?.leads) ? t.result.leads : null;
  if (!leads) return card('Result', 'result', prettyJson(t.result, 'Result as JSON'));
  return card('Result', 'result',
    t.result.summary ? h('p', {}, t.result.summary) : null,
    h('p', { class: 'muted' }, `${leads.length} lead(s) · mode ${t.result.mode ?? '?'}${t.result.model ? ` · ${t.result.model}` : ''}`),
    leads.length ? table('Leads', ['#', 'Title', 'Source', 'Budget', 'Skills', 'Score', 'Why'], leads.map((lead, i) => h('tr', {},
      h('td', { class: 'num' }, String(i + 1)),
      h('td', {}, lead.url ? h('a', { href: lead.url, rel: 'noopener noreferrer', target: '_blank' }, lead.title ?? lead.url) : lead.title ?? ''),
      h('td', {}, lead.source ?? ''),
      h('td', {}, budget(lead.budget)),
      h('td', {}, (lead.skills ?? []).join(', ')),
      h('td', { class: 'num' }, String(lead.fit_score ?? lead.score ?? '')),
      h('td', { class: 'message' }, lead.reason ?? ''))), { class: 'leads' }) : null,
    h('details', {}, h('summary', {}, 'The result as JSON'), prettyJson(t.result, 'Result as JSON')));
}

function budget(b) {
  if (!b || typeof b !== 'object') return b ? String(b) : '';
  const range = b.min === b.max || b.max === undefined ? `${b.min}` : `${b.min}–${b.max}`;
  return `${range} ${b.currency ?? ''} ${b.type ?? ''}`.trim();
}

function historyCard(t) {
  const history = t.attempt_history ?? [];
  if (history.length === 0) return card('Attempt history', 'history', h('p', { class: 'muted' }, `${t.attempts} attempt(s); none ended early.`));
  return card('Attempt history', 'history', table('Attempts that ended without finishing the task', ['Attempt', 'Started', 'Ended', 'Why'],
    history.map((a) => h('tr', {}, h('td', { class: 'num' }, String(a.attempt)), h('td', {}, timeElement(a.started_at)), h('td', {}, timeElement(a.ended_at)),
      h('td', {}, h('code', {}, a.error.code), ' ', a.error.message)))));
}

/** A pipeline's place in its tree, from what `GET /agents/status/{id}` returns: `parent_id` on a step (the pipeline
 * task it belongs to) and, on a pipeline, `steps`: its child tasks in step order, as a listing shows them (`task_id`,
 * `agent`, `status`, `error`, …). The API does not name a step; its name (`find`, `enrich[2]`…) comes from the
 * pipeline's progress events (`data: {step, item, task_id}`), when they have arrived. */
function stepsCard(t, names) {
  const steps = Array.isArray(t.steps) ? t.steps : null;
  if (!t.parent_id && !steps) return null;
  const stepItem = (step) => {
    const name = names.get(step.task_id);
    return h('li', { 'data-task-id': step.task_id },
      link(taskHref(step.task_id), name ?? step.agent, ' ', h('code', {}, shortId(step.task_id))),
      name ? h('span', { class: 'muted' }, ` (${step.agent})`) : '', ' ', statusBadge(step.status),
      step.error ? [' ', h('code', { class: 'error-code' }, step.error.code)] : '');
  };
  return card('Pipeline', 'pipeline',
    t.parent_id ? h('p', { class: 'parent' }, 'A step of pipeline task ', link(taskHref(t.parent_id), h('code', {}, t.parent_id))) : null,
    steps === null ? null
      : steps.length ? h('ol', { class: 'steps', 'aria-label': 'Steps' }, steps.map(stepItem))
        : h('p', { class: 'muted' }, TERMINAL.has(t.status) ? 'It started no step.' : 'No step has started yet.'));
}
