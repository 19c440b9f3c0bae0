// Runs: the latest runs, newest first, live; filters; counts per status.
import * as api from './api.js';
import {el, replace, badge, isFailure, duration, ago, time, invokerText} from './dom.js';

const STATUSES = ['Running', 'Succeeded', 'Failed', 'Cancelled', 'Rejected'];
const PHASES = ['pre-backup', 'post-backup', 'pre-restore', 'post-restore'];
const FILTERS = ['status', 'phase', 'namespace', 'invoker', 'runId'];
const PAGE = 50;

/** The same test the dispatcher applies (RunIndex.Filter): does the list with these filters show this run? */
export function matches(filter, run) {
  if (filter.status && filter.status !== run.status) return false;
  if (filter.phase && filter.phase !== run.phase) return false;
  if (filter.namespace && !(run.invoker && run.invoker.namespace === filter.namespace)) return false;
  if (filter.invoker) {
    if (!run.invoker) return false;
    const slash = filter.invoker.indexOf('/');
    if (slash < 0) {
      if (filter.invoker !== run.invoker.name) return false;
    } else if (filter.invoker.slice(0, slash).toLowerCase() !== String(run.invoker.kind || '').toLowerCase()
        || filter.invoker.slice(slash + 1) !== run.invoker.name) {
      return false;
    }
  }
  if (filter.runId && !run.runId.includes(filter.runId)) return false;
  return true;
}

function newestFirst(a, b) {
  if (a.acceptedAt !== b.acceptedAt) return a.acceptedAt < b.acceptedAt ? 1 : -1;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

export function render(main, args, context) {
  const filter = {};
  for (const name of FILTERS) {
    const value = context.params.get(name);
    if (value) filter[name] = value;
  }
  const rows = new Map(); // runId -> summary
  let next = null;
  let shown = PAGE;
  let counts = {};
  let total;
  let stopped = false;
  let countsTimer = null;
  let drawPending = false;
  let listed = false;

  const countsBar = el('div', {class: 'counts', id: 'counts'});
  const body = el('tbody', {id: 'run-rows'});
  const more = el('button', {type: 'button', class: 'quiet', id: 'more', hidden: true, onclick: loadMore}, 'Show older runs');
  const status = el('p', {class: 'muted', id: 'runs-status'});
  replace(main,
    el('h1', {}, 'Runs'),
    filterForm(filter, context),
    countsBar,
    el('div', {class: 'scroll'},
      el('table', {class: 'runs', id: 'runs-table'},
        el('thead', {}, el('tr', {},
          el('th', {}, 'Run'), el('th', {}, 'Status'), el('th', {class: 'wide'}, 'Phase'),
          el('th', {}, 'Invoker'), el('th', {class: 'wide'}, 'Hooks'), el('th', {class: 'wide'}, 'Accepted'),
          el('th', {class: 'wide'}, 'Duration'), el('th', {}, 'Reason'))),
        body)),
    status,
    more);

  function draw() {
    drawPending = false;
    if (stopped) return;
    const list = [...rows.values()].sort(newestFirst).slice(0, shown);
    replace(body, list.map(row));
    if (list.length === 0) {
      replace(body, el('tr', {}, el('td', {colspan: 8, class: 'muted'},
        Object.keys(filter).length ? 'No run matches these filters.' : 'No runs yet. Submit one with POST /v1/runs.')));
    }
    replace(countsBar,
      el('a', {href: hrefWith(filter, {status: null}), class: 'count' + (filter.status ? '' : ' current')},
        'All ', el('b', {}, total === undefined ? '…' : String(total))),
      STATUSES.map(s => el('a', {
        href: hrefWith(filter, {status: s}),
        class: 'count ' + s.toLowerCase() + (filter.status === s ? ' current' : ''),
        dataset: {status: s},
      }, s + ' ', el('b', {}, String(counts[s] || 0)))));
    more.hidden = !next && rows.size <= shown;
    if (!listed && total !== undefined && status.textContent === '') {
      listed = true;
      // User Timing: how long the page took to show its first page of runs (docs/benchmarks.md measures it)
      performance.mark('hookstream:runs-listed');
    }
  }

  function redraw() {
    if (!drawPending) {
      drawPending = true;
      requestAnimationFrame(draw);
    }
  }

  function row(run) {
    const failed = isFailure(run.status);
    return el('tr', {class: failed ? 'failed' : '', dataset: {runId: run.runId, status: run.status}},
      el('td', {class: 'id'}, el('a', {href: '#/runs/' + encodeURIComponent(run.runId)}, run.runId),
        run.session ? el('div', {class: 'sub'}, run.session) : null),
      el('td', {}, badge(run.status)),
      el('td', {class: 'wide'}, run.phase || ''),
      el('td', {}, invokerText(run.invoker)),
      el('td', {class: 'wide'}, run.hooksFinished + ' / ' + run.hooks,
        run.failedHook ? el('div', {class: 'sub bad-text'}, 'failed: ' + run.failedHook) : null),
      el('td', {class: 'wide', title: time(run.acceptedAt)}, ago(run.acceptedAt)),
      el('td', {class: 'wide'}, run.durationMs !== undefined ? duration(run.durationMs) : ''),
      el('td', {class: 'reason'}, run.reason ? el('b', {}, run.reason) : null,
        run.message ? el('div', {class: 'sub'}, run.message) : null));
  }

  async function loadPage(after) {
    const page = await api.get('/v1/runs' + api.query(Object.assign({limit: PAGE, after}, filter)));
    for (const r of page.runs) rows.set(r.runId, r);
    next = page.next || null;
    counts = page.counts || {};
    total = page.total;
    status.textContent = '';
    redraw();
  }

  async function loadMore() {
    shown += PAGE;
    if (rows.size < shown && next) {
      try {
        await loadPage(next);
      } catch (e) {
        context.fail(e);
      }
    }
    redraw();
  }

  async function refreshCounts() {
    countsTimer = null;
    try {
      const page = await api.get('/v1/runs' + api.query(Object.assign({limit: 1}, filter)));
      counts = page.counts || {};
      total = page.total;
      redraw();
    } catch (e) {
      // the next change tries again
    }
  }

  async function reload() {
    rows.clear();
    next = null;
    try {
      await loadPage(null);
    } catch (e) {
      context.fail(e);
    }
  }

  function onEvent(type, data) {
    if (type === 'hello' || type === 'reset') {
      // from here the stream has every change: (re)load the list it changes
      reload();
      return;
    }
    if (type === 'run') {
      if (matches(filter, data)) rows.set(data.runId, data);
      else rows.delete(data.runId);
    } else if (type === 'removed') {
      rows.delete(data.runId);
    } else {
      return;
    }
    redraw();
    if (!countsTimer) countsTimer = setTimeout(refreshCounts, 1000);
  }

  status.textContent = 'Reading the runs…';
  const stop = api.follow('/v1/runs' + api.query(filter), onEvent, state => {
    context.live(state);
    if (state === 'unauthorized') stopped = true;
    // no stream (a proxy that buffers, a dispatcher at its stream limit): show the list anyway, not live
    if (state === 'reconnecting' && total === undefined) reload();
  });
  const ticker = setInterval(redraw, 15000); // "5 s ago" moves on
  return () => {
    stopped = true;
    stop();
    clearInterval(ticker);
    if (countsTimer) clearTimeout(countsTimer);
  };
}

function hrefWith(filter, change) {
  const merged = Object.assign({}, filter, change);
  return '#/runs' + api.query(merged);
}

function filterForm(filter, context) {
  const select = (name, label, options) => el('label', {},
    label,
    el('select', {name, id: 'filter-' + name},
      el('option', {value: ''}, 'any'),
      options.map(o => el('option', {value: o, selected: filter[name] === o}, o))));
  const text = (name, label, placeholder) => el('label', {},
    label, el('input', {name, id: 'filter-' + name, value: filter[name] || '', placeholder, spellcheck: 'false'}));
  const form = el('form', {class: 'filters', id: 'filters'},
    select('status', 'Status', STATUSES),
    select('phase', 'Phase', PHASES),
    text('namespace', 'Namespace', 'any'),
    text('invoker', 'Invoker', 'name or Kind/name'),
    text('runId', 'Run id', 'part of the id'),
    el('button', {type: 'submit'}, 'Filter'),
    el('a', {href: '#/runs', class: 'quiet'}, 'Clear'));
  const apply = event => {
    if (event) event.preventDefault();
    const values = {};
    for (const name of FILTERS) values[name] = form.elements[name].value.trim();
    context.navigate('#/runs' + api.query(values));
  };
  form.addEventListener('submit', apply);
  for (const name of ['status', 'phase']) form.elements[name].addEventListener('change', apply);
  return form;
}
