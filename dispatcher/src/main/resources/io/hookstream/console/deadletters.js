// Dead letters: newest first, with reason, origin, a decoded preview and the CLI command that replays each.
import * as api from './api.js';
import {el, replace, time} from './dom.js';

export function render(main, args, context) {
  let stopped = false;
  const list = el('div', {id: 'dead-letters'});
  const more = el('button', {type: 'button', class: 'quiet', hidden: true}, 'Show older');
  let next = null;
  replace(main, el('h1', {}, 'Dead letters'),
    el('p', {class: 'muted'}, 'Records the dispatchers and workers could not handle, newest first. Each can be '
      + 'replayed with the CLI once its cause is fixed.'),
    list, more);

  async function load(after) {
    let page;
    try {
      page = await api.get('/v1/dead-letters' + api.query({limit: 50, before: after}));
    } catch (e) {
      context.fail(e);
      return;
    }
    if (stopped) return;
    const letters = page.deadLetters || [];
    if (!after && letters.length === 0) {
      replace(list, el('p', {class: 'muted', id: 'no-dead-letters'}, 'No dead letters. Nothing was set aside.'));
    }
    for (const letter of letters) list.appendChild(card(letter));
    next = page.next || null;
    more.hidden = !next;
  }
  more.addEventListener('click', () => load(next));
  load(null);
  return () => { stopped = true; };
}

function card(d) {
  const origin = d.origin || {};
  return el('article', {class: 'letter', dataset: {reason: d.reason || ''}},
    el('div', {class: 'letter-head'},
      el('span', {class: 'badge bad'}, d.reason || 'unknown reason'),
      el('span', {class: 'muted'}, time(d.timestamp)),
      el('span', {class: 'muted'}, 'dlq ' + d.partition + '@' + d.offset)),
    d.message ? el('p', {class: 'letter-message'}, d.message) : null,
    el('dl', {class: 'facts'},
      [['From', [origin.topic, origin.partition, origin.offset].filter(x => x !== undefined && x !== null).join(' / ')],
        ['By', d.component], ['Key', d.key], ['Size', d.valueBytes !== undefined ? d.valueBytes + ' bytes' : ''],
        ['Headers', Object.entries(d.headers || {}).map(([k, v]) => k + '=' + v).concat(d.hiddenHeaders || []).join(', ')]]
        .filter(f => f[1]).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])),
    preview(d.preview),
    d.replayCommand ? el('div', {class: 'replay'}, el('span', {class: 'muted'}, 'Replay: '), el('code', {}, d.replayCommand)) : null);
}

function preview(p) {
  if (!p) return null;
  const note = p.encoding === 'utf-8'
    ? (p.truncated ? 'value (first 2 KiB, secrets masked)' : 'value (secrets masked)')
    : 'value is not UTF-8 text; its first bytes in base64';
  return [el('div', {class: 'output-name'}, note), el('pre', {class: 'preview'}, p.text || '')];
}
