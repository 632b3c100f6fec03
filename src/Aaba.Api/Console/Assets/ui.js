// Small DOM helpers. Text always goes in as text (textContent), never as HTML, so nothing a task holds can run here.

export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'text') element.textContent = value;
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An SVG element (for the chart). */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') element.textContent = value;
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A link to a console page; the router takes the click, so the page does not reload. */
export function link(href, ...children) {
  return h('a', { href, 'data-link': true }, ...children);
}

export const taskHref = (id) => `/console/tasks/${encodeURIComponent(id)}`;

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** A status as a word and a colour: never the colour alone. */
export function statusBadge(status) {
  return h('span', { class: `badge status-${status}`, 'data-status': status }, status);
}

export function shortId(id) {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

export function formatTime(iso) {
  if (!iso) return '—';
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}

export function timeElement(iso) {
  return iso ? h('time', { datetime: iso, title: iso }, formatTime(iso)) : '—';
}

export function formatDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function between(from, to) {
  return from && to ? new Date(to) - new Date(from) : null;
}

/** JSON as indented text in a <pre>; text that holds JSON is shown parsed. */
export function prettyJson(value, label) {
  let shown = value;
  if (typeof value === 'string') {
    try { shown = JSON.parse(value); } catch { return h('pre', { class: 'json', tabindex: 0, 'aria-label': label }, value); }
  }
  return h('pre', { class: 'json', tabindex: 0, 'aria-label': label }, JSON.stringify(shown, null, 2));
}

export function problemText(error) {
  const problem = error?.problem;
  if (!problem) return error?.message ?? String(error);
  const fields = problem.errors ? Object.entries(problem.errors).map(([f, m]) => `${f}: ${[].concat(m).join(' ')}`).join('; ') : '';
  return [problem.title, problem.detail, fields].filter(Boolean).join(' — ');
}

export function notice(text, kind = 'error') {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** A table from column headings (text, or [text, class]) and rows of cells; the caption names it for screen readers. */
export function table(caption, headings, rows, attrs = {}) {
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', attrs,
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, headings.map((heading) => {
        const [text, cls] = [].concat(heading);
        return h('th', { scope: 'col', class: cls }, text);
      }))),
      h('tbody', {}, rows)));
}

export function field(label, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute('aria-describedby', hintId);
    parts.push(h('small', { id: hintId, class: 'hint' }, hint));
  }
  return h('div', { class: 'field' }, parts);
}
