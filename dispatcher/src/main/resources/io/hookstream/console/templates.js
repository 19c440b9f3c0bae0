// Templates: what is loaded, the usage policy and params of each, and load problems with file:line.
import * as api from './api.js';
import {el, replace, time} from './dom.js';

export function render(main, args, context) {
  let stopped = false;
  (async () => {
    let answer;
    try {
      answer = await api.get('/v1/templates');
    } catch (e) {
      context.fail(e);
      return;
    }
    if (stopped) return;
    const templates = answer.templates || [];
    const problems = answer.problems || [];
    replace(main,
      el('h1', {}, 'Templates'),
      el('p', {class: 'muted'}, templates.length + ' loaded' + (answer.source ? ' from ' + answer.source : '')
        + (answer.loadedAt ? ', ' + time(answer.loadedAt) : '')),
      problems.length ? el('section', {class: 'load-problems', id: 'load-problems'},
        el('h2', {}, problems.length + (problems.length === 1 ? ' load problem' : ' load problems')),
        el('ul', {}, problems.map(p => el('li', {}, el('code', {}, String(p)))))) : null,
      el('div', {class: 'scroll'},
        el('table', {class: 'templates', id: 'templates-table'},
          el('thead', {}, el('tr', {}, el('th', {}, 'Template'), el('th', {}, 'Executor'), el('th', {}, 'Action'),
            el('th', {}, 'Usage policy'), el('th', {}, 'Params'))),
          el('tbody', {}, templates.length ? templates.map(row)
            : el('tr', {}, el('td', {colspan: 5, class: 'muted'}, 'No templates are loaded.'))))));
  })();
  return () => { stopped = true; };
}

function row(t) {
  const meta = t.metadata || {};
  const spec = t.spec || {};
  return el('tr', {dataset: {template: (meta.namespace || '') + '/' + (meta.name || '')}},
    el('td', {}, el('b', {}, meta.name || ''), el('div', {class: 'sub'}, meta.namespace || '')),
    el('td', {}, executorText(spec.executor)),
    el('td', {}, el('pre', {class: 'action'}, JSON.stringify(spec.action || {}, null, 2))),
    el('td', {}, policyText(spec.usagePolicy)),
    el('td', {}, (spec.params || []).length ? el('ul', {class: 'params'}, spec.params.map(p =>
      el('li', {}, el('code', {}, p.name), p.required ? el('span', {class: 'badge warn'}, 'required') : null,
        p.default !== undefined ? el('span', {class: 'muted'}, ' default ' + p.default) : null,
        p.usage ? el('div', {class: 'sub'}, p.usage) : null))) : el('span', {class: 'muted'}, 'none')));
}

function executorText(executor) {
  if (!executor) return '';
  if (executor.type === 'Function' && executor.function) return 'Function ' + (executor.function.name || '');
  if (executor.type === 'Pod' && executor.pod) {
    return 'Pod ' + JSON.stringify(executor.pod.selector || '') + (executor.pod.strategy ? ' (' + executor.pod.strategy + ')' : '');
  }
  return executor.type || '';
}

function policyText(policy) {
  const allowed = policy && policy.allowedNamespaces;
  if (!allowed || !allowed.from) return 'Same namespace (default)';
  if (allowed.from === 'Selector') return 'namespaces matching ' + JSON.stringify(allowed.selector || {});
  return allowed.from + (allowed.from === 'Same' ? ' namespace' : ' namespaces');
}
