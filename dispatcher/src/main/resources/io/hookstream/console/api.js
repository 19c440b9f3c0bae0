// The console's calls to the dispatcher's API: the token the user signed in with goes in the Authorization header
// of every call (never in a URL), and is kept for this tab only (sessionStorage).

const TOKEN = 'hookstream.token';

export class Unauthorized extends Error {
  constructor() { super('the API refused the token (401)'); }
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN, value);
  else sessionStorage.removeItem(TOKEN);
}

function headers(extra) {
  const h = Object.assign({Accept: 'application/json'}, extra || {});
  const t = token();
  if (t) h.Authorization = 'Bearer ' + t;
  return h;
}

async function answer(response) {
  if (response.status === 401) throw new Unauthorized();
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.error) || ('HTTP ' + response.status));
  }
  return body;
}

export async function get(path) {
  return answer(await fetch(path, {headers: headers(), cache: 'no-store'}));
}

export async function post(path, body) {
  return answer(await fetch(path, {
    method: 'POST',
    headers: headers({'Content-Type': 'application/json'}),
    body: JSON.stringify(body || {}),
  }));
}

/** Query text from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * Follows a Server-Sent Events stream with fetch (EventSource cannot send an Authorization header): calls
 * onEvent(type, data, id) for each event and onState('live' | 'reconnecting' | 'unauthorized'); reconnects with
 * Last-Event-ID after a drop. Returns a function that stops it.
 */
export function follow(path, onEvent, onState) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  let retry = 2000;

  function dispatch(block) {
    let type = 'message';
    let data = '';
    let id = null;
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') type = value;
      else if (field === 'data') data = data ? data + '\n' + value : value;
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = parseInt(value, 10);
    }
    if (id !== null) lastId = id;
    if (data) onEvent(type, JSON.parse(data), id);
  }

  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const h = headers({Accept: 'text/event-stream'});
        if (lastId) h['Last-Event-ID'] = lastId;
        const response = await fetch(path, {headers: h, signal: controller.signal, cache: 'no-store'});
        if (response.status === 401) {
          onState('unauthorized');
          return;
        }
        if (!response.ok || !response.body) throw new Error('HTTP ' + response.status);
        onState('live');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatch(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise(resolve => setTimeout(resolve, retry));
    }
  }

  run();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}
