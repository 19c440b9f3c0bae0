// A run: its request, each hook on a timeline (queued, attempts, backoff), targets with their output, the rendered
// action, the outcome; live while it runs; Cancel with a confirmation.
import * as api from './api.js';
import {el, replace, badge, duration, time, invokerText, problem} from './dom.js';

export function render(main, args, context) {
  const runId = args.runId;
  let stopped = false;
  let loading = false;
  let again = false;
  let drawn = null;
  const open = new Set(); // hooks whose details the user opened: kept open across live updates

  async function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      const view = await api.get('/v1/runs/' + encodeURIComponent(runId));
      const text = JSON.stringify(view);
      // redraw only what changed: a redraw resets what the user is reading (selection, scroll in the output)
      if (!stopped && (text !== drawn || view.status === 'Running')) {
        drawn = text;
        draw(view);
      }
    } catch (e) {
      if (e instanceof api.ApiError && e.status === 404) {
        replace(main, el('h1', {}, 'Run ', el('code', {}, runId)), problem(e.message),
          el('p', {}, el('a', {href: '#/runs'}, 'Back to the runs')));
      } else {
        context.fail(e);
      }
    } finally {
      loading = false;
      if (again && !stopped) {
        again = false;
        load();
      }
    }
  }

  function draw(view) {
    const end = view.finishedAt ? new Date(view.finishedAt).getTime() : Date.now();
    const start = view.acceptedAt ? new Date(view.acceptedAt).getTime() : end;
    const span = Math.max(1, end - start);
    replace(main,
      el('p', {class: 'crumbs'}, el('a', {href: '#/runs'}, 'Runs'), ' / ', runId),
      el('div', {class: 'run-head'},
        el('h1', {}, el('code', {id: 'run-id'}, view.runId), ' ', badge(view.status)),
        view.status === 'Running' ? cancelButton(view) : null),
      outcome(view),
      request(view),
      el('h2', {}, 'Hooks'),
      view.hooks.length === 0 ? el('p', {class: 'muted'}, 'This run has no hooks.') : null,
      el('ol', {class: 'hooks', id: 'hooks'}, view.hooks.map(hook => hookRow(hook, start, span))),
      view.problems ? el('div', {}, el('h2', {}, 'Problems'),
        el('ul', {class: 'problems'}, view.problems.map(p =>
          el('li', {}, el('b', {}, p.field || ''), ' ', p.reason ? el('code', {}, p.reason) : null, ' ', p.message || ''))))
        : null);
  }

  function outcome(view) {
    const facts = [
      ['Phase', view.phase],
      ['Accepted', time(view.acceptedAt)],
      ['Finished', time(view.finishedAt)],
      ['Duration', view.durationMs !== undefined ? duration(view.durationMs) : (view.status === 'Running' ? 'running' : '')],
      ['Reason', view.reason],
      ['Message', view.message],
    ];
    if (view.cancellation) {
      facts.push(['Cancel', [view.cancellation.reason, view.cancellation.requestedBy].filter(Boolean).join(' by ')]);
    }
    return el('dl', {class: 'facts', id: 'outcome'}, facts.filter(f => f[1]).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function request(view) {
    const s = view.session || {};
    const facts = [
      ['Invoker', invokerText(view.invoker || s.invoker)],
      ['Session', s.name],
      ['Namespace', s.namespace],
      ['Target', s.target ? invokerText(s.target) : ''],
    ];
    return el('dl', {class: 'facts', id: 'request'}, facts.filter(f => f[1]).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function hookRow(hook, start, span) {
    const details = el('details', {class: 'hook-details', open: open.has(hook.index),
      ontoggle: e => { if (e.target.open) open.add(hook.index); else open.delete(hook.index); }},
      el('summary', {}, 'Details'),
      hookDetails(hook));
    if (hook.status === 'Failed' || hook.status === 'TimedOut') {
      if (!open.has(-1 - hook.index)) { // a failed hook opens once by itself
        open.add(-1 - hook.index);
        open.add(hook.index);
        details.open = true;
      }
    }
    return el('li', {class: 'hook ' + (hook.status || '').toLowerCase(), dataset: {hook: hook.name, status: hook.status}},
      el('div', {class: 'hook-line'},
        el('span', {class: 'hook-index'}, String(hook.index + 1)),
        el('b', {class: 'hook-name'}, hook.name),
        badge(hook.status),
        hook.reason ? el('code', {class: 'reason'}, hook.reason) : null,
        el('span', {class: 'muted'},
          [hook.executor, hook.attempts ? hook.attempts + (hook.attempts === 1 ? ' attempt' : ' attempts') : null,
            hook.durationMs !== undefined ? duration(hook.durationMs) : null].filter(Boolean).join(' · '))),
      timeline(hook, start, span),
      hook.message ? el('p', {class: 'hook-message'}, hook.message) : null,
      details);
  }

  function timeline(hook, start, span) {
    const bar = el('div', {class: 'timeline', title: 'from the run\'s acceptance to its end'});
    const at = iso => (new Date(iso).getTime() - start) / span * 100;
    const segment = (from, to, cls, title) => {
      if (from === undefined || from === null) return;
      const left = Math.max(0, Math.min(100, from));
      const width = Math.max(0.5, Math.min(100 - left, (to ?? from) - from));
      bar.appendChild(el('span', {class: 'seg ' + cls, title, style: null, dataset: {left: left.toFixed(2), width: width.toFixed(2)}}));
    };
    const startedAt = hook.startedAt ? at(hook.startedAt) : null;
    if (hook.dispatchedAt) {
      const queuedUntil = startedAt ?? (hook.status === 'Running' ? 100 : at(hook.dispatchedAt));
      segment(at(hook.dispatchedAt), queuedUntil, 'queued', 'queued ' + time(hook.dispatchedAt));
    }
    const history = hook.history || [];
    if (history.length) {
      for (const attempt of history) {
        const s = at(attempt.startedAt);
        const e = s + (attempt.durationMs || 0) / span * 100;
        segment(s, e, 'attempt ' + (attempt.status || '').toLowerCase(),
          'attempt ' + attempt.number + ': ' + (attempt.status || '') + (attempt.reason ? ' ' + attempt.reason : '')
          + ', ' + duration(attempt.durationMs));
        if (attempt.backoffMs) segment(e, e + attempt.backoffMs / span * 100, 'backoff', 'backoff ' + duration(attempt.backoffMs));
      }
    } else if (startedAt !== null) {
      const finished = hook.finishedAt ? at(hook.finishedAt) : 100;
      segment(startedAt, finished, 'attempt ' + (hook.status || '').toLowerCase(), (hook.status || '') + ' ' + duration(hook.durationMs));
    }
    // widths go in as CSS custom properties set from script: the CSP allows no inline style attribute
    for (const seg of bar.children) {
      seg.style.setProperty('--left', seg.dataset.left + '%');
      seg.style.setProperty('--width', seg.dataset.width + '%');
    }
    return bar;
  }

  function hookDetails(hook) {
    const parts = [];
    const facts = [
      ['Hook id', hook.hookId],
      ['Template', hook.template ? [hook.template.namespace, hook.template.name].filter(Boolean).join('/') : ''],
      ['Queued', time(hook.dispatchedAt)],
      ['Started', time(hook.startedAt)],
      ['Finished', time(hook.finishedAt)],
    ];
    parts.push(el('dl', {class: 'facts'}, facts.filter(f => f[1]).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
    if (hook.history && hook.history.length) {
      parts.push(el('h3', {}, 'Attempts'),
        el('div', {class: 'scroll'}, el('table', {class: 'attempts'},
          el('thead', {}, el('tr', {}, el('th', {}, '#'), el('th', {}, 'Started'), el('th', {}, 'Took'),
            el('th', {}, 'Status'), el('th', {}, 'Reason'), el('th', {}, 'Backoff after'))),
          el('tbody', {}, hook.history.map(a => el('tr', {},
            el('td', {}, String(a.number)), el('td', {}, time(a.startedAt)), el('td', {}, duration(a.durationMs)),
            el('td', {}, badge(a.status)), el('td', {}, a.reason || ''), el('td', {}, a.backoffMs ? duration(a.backoffMs) : '')))))));
      if (hook.omittedAttempts) parts.push(el('p', {class: 'muted'}, hook.omittedAttempts + ' attempts in between are not shown.'));
    }
    for (const target of hook.targets || []) {
      parts.push(el('div', {class: 'target'},
        el('h3', {}, 'Target ', el('code', {}, target.name || '(this worker)'),
          target.exitCode !== undefined ? el('span', {class: 'muted'}, ' exit code ' + target.exitCode) : null,
          target.httpStatus !== undefined ? el('span', {class: 'muted'}, ' HTTP ' + target.httpStatus) : null),
        target.error ? el('p', {class: 'error'}, target.error) : null,
        output('stdout', target.stdout),
        output('stderr', target.stderr)));
    }
    if (hook.omittedTargets) parts.push(el('p', {class: 'muted'}, hook.omittedTargets + ' more targets are not shown.'));
    if (hook.action) {
      parts.push(el('h3', {}, 'Action (as rendered, secrets masked)'),
        el('pre', {class: 'action'}, JSON.stringify(hook.action, null, 2)));
    }
    return parts;
  }

  function output(name, text) {
    if (!text) return null;
    return el('div', {class: 'output'}, el('div', {class: 'output-name'}, name), el('pre', {class: 'output ' + name}, text));
  }

  function cancelButton(view) {
    const dialog = el('dialog', {id: 'cancel-dialog'},
      el('form', {method: 'dialog'},
        el('p', {}, 'Cancel run ', el('code', {}, view.runId), '? The hook running now is stopped and the run ends Cancelled.'),
        el('label', {}, 'Reason (optional) ', el('input', {id: 'cancel-reason', maxlength: 200})),
        el('div', {class: 'dialog-buttons'},
          el('button', {value: 'keep', class: 'quiet', id: 'cancel-keep'}, 'Keep running'),
          el('button', {value: 'cancel', class: 'danger', id: 'cancel-confirm'}, 'Cancel the run'))));
    dialog.addEventListener('close', async () => {
      if (dialog.returnValue !== 'cancel') return;
      const reason = dialog.querySelector('#cancel-reason').value.trim();
      try {
        await api.post('/v1/runs/' + encodeURIComponent(view.runId) + '/cancel',
          Object.assign({requestedBy: 'console'}, reason ? {reason} : {}));
        load();
      } catch (e) {
        context.fail(e);
      }
    });
    return el('span', {},
      el('button', {type: 'button', class: 'danger', id: 'cancel', onclick: () => dialog.showModal()}, 'Cancel run…'),
      dialog);
  }

  load();
  const stop = api.follow('/v1/runs' + api.query({runId}), (type, data) => {
    if (type === 'run' && data.runId !== runId) return;
    load();
  }, state => context.live(state));
  const ticker = setInterval(() => { if (!loading) load(); }, 30000);
  return () => {
    stopped = true;
    stop();
    clearInterval(ticker);
  };
}
