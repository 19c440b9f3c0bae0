// Building pages without HTML strings: every piece of text goes in as a text node, so hook output, template
// fields and dead letters (attacker-controlled) show as the characters they are and never run.

/** An element: el('a', {href: '#/runs', class: 'x'}, 'text', child, ...). Attributes are set, never parsed. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'href' && !/^(#|\/|https?:)/.test(String(value))) {
      continue; // no javascript: or data: links
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** An SVG element (for the activity chart). */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  append(node, children);
  return node;
}

export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const STATUS_CLASS = {
  Succeeded: 'ok', Running: 'running', Pending: 'pending', Failed: 'bad', TimedOut: 'bad', Rejected: 'bad',
  Cancelled: 'warn', Skipped: 'muted',
};

export function badge(status) {
  return el('span', {class: 'badge ' + (STATUS_CLASS[status] || 'muted')}, status || '—');
}

export function isFailure(status) {
  return status === 'Failed' || status === 'TimedOut' || status === 'Rejected' || status === 'Cancelled';
}

export function duration(ms) {
  if (ms === undefined || ms === null) return '';
  if (ms < 1000) return ms + ' ms';
  const s = ms / 1000;
  if (s < 60) return (s < 10 ? s.toFixed(1) : Math.round(s)) + ' s';
  const m = Math.floor(s / 60);
  if (m < 60) return m + ' m ' + Math.round(s % 60) + ' s';
  return Math.floor(m / 60) + ' h ' + (m % 60) + ' m';
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? String(iso) : d.toLocaleString();
}

export function ago(iso) {
  if (!iso) return '';
  const ms = Date.now() - new Date(iso).getTime();
  if (isNaN(ms)) return '';
  if (ms < 5000) return 'just now';
  return duration(Math.max(0, Math.round(ms / 1000) * 1000)) + ' ago';
}

export function invokerText(ref) {
  if (!ref) return '';
  return [ref.kind, ref.namespace, ref.name].filter(Boolean).join('/');
}

/** A message block for errors the user can act on. */
export function problem(text) {
  return el('p', {class: 'error', role: 'alert'}, text);
}
