// Agents: the registry with each agent's input schema and configuration (time limit, retries; secrets are never
// shown, admins may list their names), and a form to run one, validated against its schema before it is sent and
// by the server after (its field errors are shown on the fields).
import { api, query, ApiError } from './api.js';
import { h, clear, field, prettyJson, notice, problemText, table, taskHref } from './ui.js';

export async function agentsPage(main, context) {
  const agents = await api('/console/api/agents');
  clear(main, h('h1', { tabindex: -1 }, 'Agents'),
    h('p', { class: 'muted' }, `${agents.length} registered. `, context.canOperate ? 'Run one with the form under it.' : 'Your role reads; running needs an operator key.'),
    agents.map((agent) => agentCard(agent, context)));
}

function agentCard(agent, context) {
  const schema = agent.input_schema ?? {};
  const id = `agent-${agent.name}`;
  const secrets = h('div');
  return h('section', { class: 'card agent', 'aria-labelledby': `h-${id}`, 'data-agent': agent.name },
    h('h2', { id: `h-${id}` }, agent.name, h('span', { class: 'muted' }, ` · kind ${agent.kind}`)),
    h('p', {}, agent.description),
    h('dl', { class: 'facts' },
      h('div', {}, h('dt', {}, 'Time limit'), h('dd', {}, `${agent.default_timeout_s} s by default`)),
      h('div', {}, h('dt', {}, 'Attempts'), h('dd', {}, String(agent.max_attempts))),
      h('div', {}, h('dt', {}, 'Retried on'), h('dd', {}, agent.retry_on.length ? agent.retry_on.join(', ') : 'nothing'))),
    context.isAdmin ? h('div', { class: 'secrets' },
      h('button', { type: 'button', class: 'link-button', onclick: () => showSecrets(agent.name, secrets) }, 'List secret names'), secrets) : null,
    schemaTable(schema),
    h('details', {}, h('summary', {}, 'Input schema (JSON)'), prettyJson(schema, `Input schema of ${agent.name}`)),
    context.canOperate ? runForm(agent, schema, context) : null);
}

async function showSecrets(name, box) {
  try {
    const list = await api(`/admin/agents/${encodeURIComponent(name)}/secrets`);
    clear(box, list.length === 0 ? h('p', { class: 'muted' }, 'No secrets.')
      : h('ul', {}, list.map((s) => h('li', {}, h('code', {}, s.name), ` set ${new Date(s.updated_at ?? s.set_at ?? s.created_at).toLocaleString()}`))),
    h('p', { class: 'muted' }, 'Values are write-only: no route returns them.'));
  } catch (error) {
    clear(box, notice(problemText(error)));
  }
}

function typeOf(property) {
  return [].concat(property.type ?? 'any').filter((t) => t !== 'null')[0] ?? 'any';
}

function constraints(property) {
  const parts = [];
  if (property.minimum !== undefined || property.maximum !== undefined) parts.push(`${property.minimum ?? '−∞'} to ${property.maximum ?? '∞'}`);
  if (property.minLength !== undefined || property.maxLength !== undefined) parts.push(`${property.minLength ?? 0} to ${property.maxLength ?? '∞'} characters`);
  if (property.items?.enum) parts.push(`any of ${property.items.enum.join(', ')}`);
  if (property.enum) parts.push(`one of ${property.enum.join(', ')}`);
  if (property.default !== undefined) parts.push(`default ${JSON.stringify(property.default)}`);
  return parts.join('; ');
}

function schemaTable(schema) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return h('p', { class: 'muted' }, 'The schema lists no fields.');
  const required = new Set(schema.required ?? []);
  return table('Input fields', ['Field', 'Type', 'Required', 'Allowed', 'Meaning'], properties.map(([name, p]) => h('tr', {},
    h('th', { scope: 'row' }, h('code', {}, name)), h('td', {}, typeOf(p) === 'array' ? 'list' : typeOf(p)),
    h('td', {}, required.has(name) ? 'yes' : 'no'), h('td', {}, constraints(p)), h('td', {}, p.description ?? ''))));
}

/** Form controls for the schema's fields; null when a field has a type the form cannot edit (then JSON only). */
function controlsFor(agent, schema) {
  const required = new Set(schema.required ?? []);
  const controls = [];
  for (const [name, p] of Object.entries(schema.properties ?? {})) {
    const type = typeOf(p);
    const id = `run-${agent.name}-${name}`;
    let control;
    if (type === 'integer' || type === 'number') {
      control = h('input', { type: 'number', id, name, step: type === 'integer' ? 1 : 'any', min: p.minimum, max: p.maximum, required: required.has(name), inputmode: 'decimal' });
    } else if (type === 'string' && Array.isArray(p.enum)) {
      control = h('select', { id, name, required: required.has(name) }, h('option', { value: '' }, '—'), p.enum.map((v) => h('option', { value: v }, v)));
    } else if (type === 'string') {
      control = h('input', { type: 'text', id, name, minlength: p.minLength, maxlength: p.maxLength, required: required.has(name) });
    } else if (type === 'boolean') {
      control = h('select', { id, name }, h('option', { value: '' }, '—'), h('option', { value: 'true' }, 'true'), h('option', { value: 'false' }, 'false'));
    } else if (type === 'array' && Array.isArray(p.items?.enum)) {
      control = h('fieldset', { id, class: 'choices' }, h('legend', {}, name),
        p.items.enum.map((v) => h('label', {}, h('input', { type: 'checkbox', name, value: v }), ` ${v}`)));
    } else {
      return null;
    }
    controls.push({ name, type, property: p, required: required.has(name), control });
  }
  return controls;
}

function runForm(agent, schema, context) {
  const controls = controlsFor(agent, schema);
  const json = h('textarea', { id: `run-${agent.name}-json`, rows: 6, spellcheck: 'false', class: 'mono' }, '{}');
  const status = h('div', { 'aria-live': 'polite' });
  const errors = new Map();
  const rows = (controls ?? []).map((c) => {
    const message = h('small', { class: 'field-error', id: `${c.control.id}-error` });
    errors.set(c.name, { message, control: c.control });
    const hint = [c.property.description, constraints(c.property)].filter(Boolean).join(' — ');
    if (c.control.tagName === 'FIELDSET') {
      c.control.append(h('small', { class: 'hint' }, hint), message);
      return h('div', { class: 'field' }, c.control);
    }
    const wrapper = field(`${c.name}${c.required ? ' (required)' : ''}`, c.control, hint);
    c.control.setAttribute('aria-describedby', `${c.control.getAttribute('aria-describedby') ?? ''} ${message.id}`.trim());
    wrapper.append(message);
    return wrapper;
  });

  const readForm = () => {
    const input = {};
    const problems = {};
    for (const c of controls) {
      if (c.type === 'array') {
        const picked = [...c.control.querySelectorAll('input:checked')].map((box) => box.value);
        if (picked.length) input[c.name] = picked;
        continue;
      }
      const text = c.control.value.trim();
      if (text === '') {
        if (c.required) problems[c.name] = 'Required.';
        continue;
      }
      if (c.type === 'integer' || c.type === 'number') {
        const n = Number(text);
        if (!Number.isFinite(n) || (c.type === 'integer' && !Number.isInteger(n))) problems[c.name] = c.type === 'integer' ? 'Must be a whole number.' : 'Must be a number.';
        else if ((c.property.minimum !== undefined && n < c.property.minimum) || (c.property.maximum !== undefined && n > c.property.maximum)) problems[c.name] = `Must be between ${c.property.minimum} and ${c.property.maximum}.`;
        else input[c.name] = n;
      } else if (c.type === 'boolean') {
        input[c.name] = text === 'true';
      } else {
        if ((c.property.minLength !== undefined && text.length < c.property.minLength) || (c.property.maxLength !== undefined && text.length > c.property.maxLength)) {
          problems[c.name] = `Must be ${c.property.minLength ?? 0} to ${c.property.maxLength} characters long.`;
        } else input[c.name] = text;
      }
    }
    return { input, problems };
  };

  const showProblems = (problems) => {
    let first = null;
    for (const [name, { message, control }] of errors) {
      const text = problems[name] ? [].concat(problems[name]).join(' ') : '';
      message.textContent = text;
      if (text) { control.setAttribute('aria-invalid', 'true'); first ??= control; } else control.removeAttribute('aria-invalid');
    }
    first?.focus?.();
    return first !== null;
  };

  const form = h('form', { class: 'run-form', 'aria-label': `Run ${agent.name}`, novalidate: true, onsubmit: async (event) => {
    event.preventDefault();
    clear(status);
    let body;
    if (controls && !jsonMode.checked) {
      const { input, problems } = readForm();
      if (showProblems(problems)) {
        clear(status, notice('Some fields need a change before this can run.'));
        return;
      }
      body = JSON.stringify(input);
    } else {
      body = json.value;
      try { JSON.parse(body); } catch { clear(status, notice('The input is not valid JSON.')); json.focus(); return; }
    }
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      const accepted = await api(`/agents/${encodeURIComponent(agent.name)}/run${query({ timeout_s: timeoutInput.value })}`, { method: 'POST', body });
      context.navigate(taskHref(accepted.task_id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.problem?.errors) showProblems(error.problem.errors);
      clear(status, notice(problemText(error)));
      submit.disabled = false;
    }
  } });
  const timeoutInput = h('input', { type: 'number', id: `run-${agent.name}-timeout`, min: 1, max: 3600, step: 1, inputmode: 'numeric' });
  const jsonMode = h('input', { type: 'checkbox', id: `run-${agent.name}-as-json`, checked: !controls });
  const fields = h('div', { class: 'form-fields', hidden: !controls }, rows);
  const jsonBox = h('div', { hidden: !!controls }, field('Input (JSON)', json));
  jsonMode.disabled = !controls;
  jsonMode.addEventListener('change', () => {
    if (jsonMode.checked) json.value = JSON.stringify(readForm().input, null, 2);
    fields.hidden = jsonMode.checked;
    jsonBox.hidden = !jsonMode.checked;
  });
  form.append(
    h('h3', {}, `Run ${agent.name}`),
    h('div', { class: 'field inline' }, jsonMode, h('label', { for: jsonMode.id }, 'Write the input as JSON')),
    fields, jsonBox,
    field('Time limit in seconds (optional)', timeoutInput, `1 to 3600; the agent's default is ${agent.default_timeout_s} s.`),
    h('button', { type: 'submit', class: 'primary' }, `Run ${agent.name}`), status);
  return form;
}
