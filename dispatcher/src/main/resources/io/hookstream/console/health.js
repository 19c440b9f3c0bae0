// Health: this dispatcher's state, the consumer groups (members, lag) and hooks/s of the last 15 minutes.
import * as api from './api.js';
import {el, replace, svg, time} from './dom.js';

export function render(main, args, context) {
  let stopped = false;
  const status = el('section', {id: 'health-status'});
  const groups = el('section', {id: 'groups'});
  const chart = el('section', {id: 'activity'});
  const flight = el('section', {id: 'in-flight'});
  replace(main, el('h1', {}, 'Health'), status, flight, chart, groups);

  async function refresh() {
    const [health, cluster, activity, running] = await Promise.allSettled([
      fetch('/health', {cache: 'no-store'}).then(r => r.json()),
      api.get('/v1/cluster'),
      api.get('/v1/activity'),
      api.get('/v1/runs?status=Running&limit=1'),
    ]);
    if (stopped) return;
    for (const r of [cluster, activity]) {
      if (r.status === 'rejected' && r.reason instanceof api.Unauthorized) {
        context.fail(r.reason);
        return;
      }
    }
    replace(status, health.status === 'fulfilled' ? healthFacts(health.value) : el('p', {class: 'error'}, 'GET /health failed'));
    replace(flight, inFlight(running.status === 'fulfilled' ? running.value.total : null,
      cluster.status === 'fulfilled' ? cluster.value : null));
    replace(chart, activity.status === 'fulfilled' ? activityChart(activity.value)
      : el('p', {class: 'error'}, 'Activity: ' + activity.reason.message));
    replace(groups, cluster.status === 'fulfilled' ? clusterTables(cluster.value)
      : el('p', {class: 'error'}, 'Consumer groups: ' + cluster.reason.message));
  }

  refresh();
  const timer = setInterval(refresh, 5000);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

function healthFacts(h) {
  const up = h.status === 'UP' && h.ready;
  const skip = new Set(['status']);
  return [
    el('h2', {}, 'This dispatcher ', el('span', {class: 'badge ' + (up ? 'ok' : 'bad')}, up ? 'ready' : (h.status || 'DOWN'))),
    el('dl', {class: 'facts'}, Object.entries(h).filter(([k]) => !skip.has(k)).map(([k, v]) =>
      [el('dt', {}, k), el('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])),
  ];
}

// a run runs its hooks one after another: each running run has one hook queued for a worker or running on one
function inFlight(runs, cluster) {
  const workers = cluster && (cluster.groups || []).find(g => g.role === 'worker');
  const waiting = workers && workers.lag ? workers.lag.total : null;
  return [
    el('h2', {}, 'In flight'),
    el('dl', {class: 'facts'},
      el('dt', {}, 'runs running'), el('dd', {id: 'runs-running'}, runs === null ? '?' : String(runs) + ' (one hook each, queued or running)'),
      el('dt', {}, 'hook events not yet read by a worker'), el('dd', {}, waiting === null ? '?' : String(waiting)),
      el('dt', {}, 'worker consumers'), el('dd', {}, workers ? String((workers.members || []).length) : '?')),
  ];
}

function activityChart(a) {
  const hooks = a.hooksFinished || [];
  const seconds = a.bucketSeconds || 10;
  const rates = hooks.map(n => n / seconds);
  const peak = rates.length ? Math.max(...rates) : 0;
  const max = Math.max(peak, 0.1);
  const width = 600;
  const height = 120;
  const step = width / Math.max(1, rates.length);
  const last = rates.length ? rates[rates.length - 1] : 0;
  const total = hooks.reduce((x, y) => x + y, 0);
  const bars = rates.map((r, i) => svg('rect', {
    x: (i * step).toFixed(1), y: (height - r / max * height).toFixed(1),
    width: Math.max(1, step - 1).toFixed(1), height: (r / max * height).toFixed(1), class: 'bar',
  }, svg('title', {}, r.toFixed(1) + ' hooks/s')));
  return [
    el('h2', {}, 'Hooks finished per second'),
    el('p', {class: 'muted'}, 'Last 15 minutes across all dispatchers, per ' + seconds + ' s; '
      + total + (total === 1 ? ' hook' : ' hooks') + '; now ' + last.toFixed(1) + '/s; peak ' + peak.toFixed(1) + '/s'
      + (a.since ? '; counted since ' + time(a.since) : '')),
    svg('svg', {viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', class: 'chart', role: 'img', 'aria-label': 'hooks per second'}, bars),
  ];
}

function clusterTables(c) {
  const groups = c.groups || [];
  return [
    el('h2', {}, 'Consumer groups'),
    groups.length ? groups.map(g => el('div', {class: 'group'},
      el('h3', {}, el('code', {}, g.groupId || g.id || ''), ' ', el('span', {class: 'muted'}, [g.role, g.state].filter(Boolean).join(' · ')),
        g.lag ? el('span', {class: 'muted'}, ' · lag ' + g.lag.total) : null),
      g.lag && g.lag.topics ? el('p', {class: 'sub'}, Object.entries(g.lag.topics).map(([t, n]) => t + ' ' + n).join(' · ')) : null,
      el('div', {class: 'scroll'}, el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, 'Member'), el('th', {}, 'Client'), el('th', {}, 'Host'), el('th', {}, 'Partitions'))),
        el('tbody', {}, (g.members || []).length ? g.members.map(m => el('tr', {},
          el('td', {}, el('code', {}, m.memberId || m.instanceId || '')), el('td', {}, m.clientId || ''), el('td', {}, m.host || ''),
          el('td', {}, String(m.partitions ?? m.assignedPartitions ?? '')))) : el('tr', {}, el('td', {colspan: 4, class: 'muted'}, 'no members'))))))
    ) : el('p', {class: 'muted'}, 'No consumer groups reported.'),
  ];
}
