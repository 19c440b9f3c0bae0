// The console's shell: the pages behind #/..., the sign-in form, the live indicator.
import * as api from './api.js';
import {el, replace, problem} from './dom.js';
import * as runs from './runs.js';
import * as run from './run.js';
import * as templates from './templates.js';
import * as deadletters from './deadletters.js';
import * as health from './health.js';

const main = document.getElementById('main');
const signin = document.getElementById('signin');
const live = document.getElementById('live');
const signOut = document.getElementById('sign-out');
let cleanup = null;

function route() {
  const hash = location.hash.replace(/^#/, '') || '/runs';
  const [path, search] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search || '');
  if (parts[0] === 'runs' && parts.length > 1) return {page: 'runs', view: run, args: {runId: parts.slice(1).join('/')}, params};
  if (parts[0] === 'templates') return {page: 'templates', view: templates, args: {}, params};
  if (parts[0] === 'dead-letters') return {page: 'dead-letters', view: deadletters, args: {}, params};
  if (parts[0] === 'health') return {page: 'health', view: health, args: {}, params};
  return {page: 'runs', view: runs, args: {}, params};
}

function setLive(state) {
  live.className = 'live ' + (state === 'live' ? 'on' : 'off');
  live.title = 'live updates: ' + (state === 'live' ? 'connected' : state === 'reconnecting' ? 'reconnecting…' : 'off');
  if (state === 'unauthorized') askToken();
}

function show() {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  setLive('off');
  signin.hidden = true;
  main.hidden = false;
  signOut.hidden = !api.token();
  const r = route();
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('current', a.dataset.page === r.page);
  }
  replace(main, el('p', {class: 'muted'}, 'Loading…'));
  const context = {
    params: r.params,
    live: setLive,
    /** Called by a page with what a call threw: asks for a token on 401, else shows the error. */
    fail: e => {
      if (e instanceof api.Unauthorized) askToken();
      else replace(main, problem(e.message || String(e)));
    },
    navigate: (hash) => { location.hash = hash; },
  };
  try {
    cleanup = r.view.render(main, r.args, context) || null;
  } catch (e) {
    context.fail(e);
  }
}

function askToken(message) {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
  main.hidden = true;
  signin.hidden = false;
  document.getElementById('signin-error').textContent =
    message || (api.token() ? 'The API refused this token (401). Sign in with a token from its --api-tokens-file.' : '');
  document.getElementById('token').focus();
}

document.getElementById('signin-form').addEventListener('submit', async event => {
  event.preventDefault();
  const input = document.getElementById('token');
  const value = input.value.trim();
  api.setToken(value);
  try {
    await api.get('/v1/templates');
    input.value = '';
    show();
  } catch (e) {
    if (e instanceof api.Unauthorized) {
      api.setToken(null);
      askToken('The API refused this token (401). Check it against the dispatcher\'s --api-tokens-file.');
    } else {
      askToken('The dispatcher could not be asked: ' + e.message);
    }
  }
});

signOut.addEventListener('click', () => {
  api.setToken(null);
  askToken('Signed out.');
  signOut.hidden = true;
});

window.addEventListener('hashchange', show);
// leaving the page ends its stream at once: a browser keeps at most 6 HTTP/1.1 connections to one host
window.addEventListener('pagehide', () => {
  if (cleanup) {
    cleanup();
    cleanup = null;
  }
});
show();
