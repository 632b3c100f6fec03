// A transcript as a conversation: the system prompt (folded), the user's request, each model reply with its model,
// tokens and time, each tool call with its arguments and the tool's result, and errors; grouped by attempt.
import { h, prettyJson, formatDuration } from './ui.js';

const ROLE_LABEL = { system: 'System', user: 'User', assistant: 'Assistant', tool_call: 'Tool call', tool_result: 'Tool result', error: 'Error' };

export function transcriptView(entries, task) {
  if (!Array.isArray(entries) || entries.length === 0) {
    return h('p', { class: 'muted' }, task && !['succeeded', 'failed', 'cancelled'].includes(task.status)
      ? 'The transcript is saved when an attempt ends.'
      : 'This agent recorded no transcript (only model-driven runs have one).');
  }
  const attempts = [...new Set(entries.map((e) => e.attempt ?? 1))];
  const totals = entries.reduce((sum, e) => ({ prompt: sum.prompt + (e.prompt_tokens ?? 0), completion: sum.completion + (e.completion_tokens ?? 0) }), { prompt: 0, completion: 0 });
  const calls = entries.filter((e) => e.type === 'assistant').length;
  return h('div', { class: 'transcript' },
    h('p', { class: 'muted' }, `${entries.length} entries · ${calls} model call(s) · ${totals.prompt} prompt + ${totals.completion} completion tokens`),
    attempts.map((attempt) => {
      const mine = entries.filter((e) => (e.attempt ?? 1) === attempt);
      return h('section', { class: 'attempt', 'aria-label': `Attempt ${attempt}` },
        attempts.length > 1 ? h('h3', {}, `Attempt ${attempt}`) : null,
        h('ol', { class: 'conversation' }, mine.map(entryView)));
    }));
}

function entryView(entry) {
  const label = ROLE_LABEL[entry.type] ?? entry.type;
  const meta = [];
  if (entry.model) meta.push(entry.model);
  if (entry.prompt_tokens !== undefined && entry.prompt_tokens !== null) meta.push(`${entry.prompt_tokens} prompt + ${entry.completion_tokens ?? 0} completion tokens`);
  if (entry.duration_ms !== undefined && entry.duration_ms !== null) meta.push(formatDuration(entry.duration_ms));
  if (entry.at) meta.push(new Date(entry.at).toLocaleTimeString());
  let body;
  switch (entry.type) {
    case 'system':
      body = h('details', {}, h('summary', {}, 'System prompt'), h('p', { class: 'text' }, entry.content ?? ''));
      break;
    case 'tool_call':
      body = [h('p', {}, h('code', { class: 'tool' }, entry.tool ?? '?'), entry.tool_call_id ? h('span', { class: 'muted' }, ` (${entry.tool_call_id})`) : ''),
        entry.arguments ? prettyJson(entry.arguments, `Arguments of ${entry.tool}`) : null];
      break;
    case 'tool_result': {
      const text = entry.content ?? '';
      const shown = prettyJson(text, `Result of ${entry.tool}`);
      body = [h('p', {}, h('code', { class: 'tool' }, entry.tool ?? '?'), entry.tool_call_id ? h('span', { class: 'muted' }, ` (${entry.tool_call_id})`) : ''),
        text.length > 600 ? h('details', {}, h('summary', {}, `Result (${text.length} characters)`), shown) : shown];
      break;
    }
    case 'assistant':
      body = entry.content ? (looksLikeJson(entry.content) ? prettyJson(entry.content, 'Reply') : h('p', { class: 'text' }, entry.content))
        : h('p', { class: 'muted' }, 'No text: the reply asked for tools.');
      break;
    default:
      body = h('p', { class: 'text' }, entry.content ?? '');
  }
  return h('li', { class: `turn turn-${entry.type}`, 'data-type': entry.type },
    h('div', { class: 'turn-head' }, h('strong', {}, label), meta.length ? h('span', { class: 'muted' }, ` · ${meta.join(' · ')}`) : ''),
    body);
}

function looksLikeJson(text) {
  const t = text.trim();
  return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
}
