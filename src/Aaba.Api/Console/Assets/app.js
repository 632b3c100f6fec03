// The console's shell: who is signed in, the sign-in form, and a small router over the History API
// (/console, /console/tasks, /console/tasks/{id}, /console/agents). Each page gets a context that owns its timers
// and streams, stopped when the page is left.
import { api, ApiError } from './api.js';
import { h, clear, notice, problemText, field } from './ui.js';
import { overviewPage } from './overview.js';
import { tasksPage } from './tasks.js';
import { taskPage } from './task.js';
import { agentsPage } from './agents.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const banner = document.getElementById('banner');

const ROUTES = [
  { pattern: /^\/console\/?$/, nav: 'overview', title: 'Overview', page: overviewPage },
  { pattern: /^\/console\/tasks\/?$/, nav: 'tasks', title: 'Tasks', page: tasksPage },
  { pattern: /^\/console\/tasks\/([^/]+)\/?$/, nav: 'tasks', title: 'Task', page: taskPage },
  { pattern: /^\/console\/agents\/?$/, nav: 'agents', title: 'Agents', page: agentsPage },
];

const RANK = { reader: 1, operator: 2, admin: 3 };
let session = null;
let current = null;
let firstRender = true;

function pageContext() {
  const timers = [];
  const closers = [];
  return {
    session,
    canOperate: (RANK[session?.role] ?? 0) >= RANK.operator,
    isAdmin: session?.role === 'admin',
    navigate,
    /** Runs fn every ms while the page is shown and visible; never two at once. */
    every(ms, fn) {
      let busy = false;
      timers.push(setInterval(async () => {
        if (busy || document.hidden) return;
        busy = true;
        try { await fn(); } catch (error) { if (!(error instanceof ApiError && error.status === 401)) console.warn(error); } finally { busy = false; }
      }, ms));
    },
    onLeave(fn) { closers.push(fn); },
    stop() { timers.forEach(clearInterval); closers.forEach((fn) => fn()); },
  };
}

export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', href); else history.pushState(null, '', href);
  render();
}

async function loadSession() {
  try {
    session = await api('/console/api/session');
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    session = null;
  }
}

function showWho() {
  if (!session) {
    clear(who);
    clear(banner);
    return;
  }
  const signOut = session.open ? null : h('button', { type: 'button', class: 'link-button', onclick: signOutClicked }, 'Sign out');
  clear(who, h('span', { class: 'who-key', title: `key ${session.key_id}` }, session.key_name || session.key_id), ' · ',
    h('span', {}, `tenant ${session.tenant}`), ' · ', h('span', { class: 'who-role' }, session.role), signOut ? ' ' : null, signOut);
  clear(banner, session.open
    ? h('p', { class: 'open-mode' }, 'Open mode: this Aaba checks no API keys, so anyone who reaches it can do anything here. Fine on a laptop; never expose it.')
    : null);
}

async function signOutClicked() {
  await api('/console/sign-out', { method: 'POST' });
  session = null;
  navigate('/console/', { replace: true });
}

function signInPage(reason) {
  document.title = 'Sign in · Aaba console';
  const input = h('input', { type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', required: true, id: 'api-key' });
  const status = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card sign-in', onsubmit: async (event) => {
    event.preventDefault();
    clear(status);
    const key = input.value.trim();
    try {
      session = await api('/console/sign-in', { method: 'POST', body: { key } });
      input.value = '';
      render();
    } catch (error) {
      input.setAttribute('aria-invalid', 'true');
      clear(status, notice(problemText(error)));
      input.focus();
    }
  } },
  field('API key', input, 'Sent once over this connection; the server keeps a sign-in cookie this page cannot read. The key never goes in a URL.'),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  status);
  clear(main, h('h1', { tabindex: -1 }, 'Sign in'), reason ? notice(reason, 'info') : null, form);
  input.focus();
}

async function render() {
  current?.stop();
  current = null;
  const path = location.pathname;
  const route = ROUTES.find((r) => r.pattern.test(path));
  for (const a of document.querySelectorAll('nav a[data-nav]')) {
    if (route && a.dataset.nav === route.nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (session === null) {
    try { await loadSession(); } catch (error) { clear(main, notice(problemText(error))); return; }
  }
  showWho();
  if (!session) {
    signInPage();
    return;
  }
  if (!route) {
    clear(main, h('h1', { tabindex: -1 }, 'Not found'), h('p', {}, 'No console page here. ', h('a', { href: '/console/', 'data-link': true }, 'Go to the overview.')));
    return;
  }
  document.title = `${route.title} · Aaba console`;
  const context = pageContext();
  current = context;
  const args = path.match(route.pattern).slice(1).map(decodeURIComponent);
  try {
    await route.page(main, context, ...args);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return;
    main.append(notice(problemText(error)));
  }
  // After a navigation, move focus to the new page's heading, so keyboard and screen-reader users start there.
  if (!firstRender) main.querySelector('h1')?.focus();
  firstRender = false;
}

document.addEventListener('click', (event) => {
  const a = event.target.closest?.('a[data-link]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);
window.addEventListener('aaba:unauthorized', () => {
  if (!session) return;
  session = null;
  current?.stop();
  showWho();
  signInPage('Your sign-in has ended (it expired, or its key was revoked). Sign in again.');
});

render();
