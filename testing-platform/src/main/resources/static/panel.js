// The panel polls the subscription API once a second; everything it shows comes from /api/subscriptions.
const api = '/api/subscriptions';
let selected = null;

async function call(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body ? {'Content-Type': 'application/json'} : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (!response.ok) {
    throw new Error(json.detail || response.statusText);
  }
  return json;
}

function pct(ok, sent) {
  return sent === 0 ? '–' : (100 * ok / sent).toFixed(2) + '%';
}

function showError(e) {
  document.getElementById('error').textContent = e ? e.message : '';
}

document.getElementById('create').addEventListener('submit', async event => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    const created = await call('POST', api, {
      target: form.get('target'),
      rate: Number(form.get('rate')),
      seed: Number(form.get('seed')),
      duration: form.get('duration') || null,
    });
    selected = created.id;
    showError(null);
    refresh();
  } catch (e) {
    showError(e);
  }
});

const actions = {
  CREATED: ['start', 'close'],
  RUNNING: ['pause', 'close'],
  PAUSED: ['resume', 'close'],
  COMPLETED: [],
  CLOSED: [],
};

function renderTable(subscriptions) {
  const body = document.querySelector('#subscriptions tbody');
  body.replaceChildren(...subscriptions.map(s => {
    const row = document.createElement('tr');
    // stable hooks (the headless-browser test reads them): row id, data-field per cell, data-action per button
    row.id = `subscription-${s.id}`;
    row.dataset.id = s.id;
    row.className = s.id === selected ? 'selected' : '';
    const cells = {
      id: s.id, target: s.target, rate: s.rate, seed: s.seed, state: s.state,
      'event-time': s.logical_time_progress.event_time, 'tags-sent': s.tags.sent,
      'tags-ok': pct(s.tags.accepted, s.tags.sent), 'profiles-ok': pct(s.profiles.correct, s.profiles.sent),
      'aggregates-ok': pct(s.aggregates.correct, s.aggregates.sent),
    };
    for (const [field, value] of Object.entries(cells)) {
      const cell = document.createElement('td');
      cell.dataset.field = field;
      cell.textContent = value;
      row.appendChild(cell);
    }
    const buttons = document.createElement('td');
    buttons.dataset.field = 'actions';
    for (const action of actions[s.state]) {
      const button = document.createElement('button');
      button.textContent = action;
      button.dataset.action = action;
      button.addEventListener('click', async e => {
        e.stopPropagation();
        try {
          await call('POST', `${api}/${s.id}/${action}`);
          showError(null);
        } catch (err) {
          showError(err);
        }
        refresh();
      });
      buttons.appendChild(button);
    }
    row.appendChild(buttons);
    row.addEventListener('click', () => { selected = s.id; refresh(); });
    return row;
  }));
}

function scoreBox(title, main, detail) {
  const box = document.createElement('div');
  box.className = 'score';
  box.innerHTML = `<span></span><b></b><small></small>`;
  box.children[0].textContent = title;
  box.children[1].textContent = main;
  box.children[2].textContent = detail;
  return box;
}

function renderDetails(s) {
  document.getElementById('details').hidden = false;
  document.getElementById('details-id').textContent = `#${s.id} (${s.state})`;
  const lat = s.latency_ms;
  document.getElementById('scores').replaceChildren(
    scoreBox('tags accepted', pct(s.tags.accepted, s.tags.sent),
      `${s.tags.accepted} of ${s.tags.sent}, dropped ${s.tags.dropped}; p99 ${lat.tags.p99} ms`),
    scoreBox('profiles correct', pct(s.profiles.correct, s.profiles.sent),
      `wrong ${s.profiles.wrong}, timeouts ${s.profiles.timeouts}; p99 ${lat.profiles.p99} ms`),
    scoreBox('aggregates correct', pct(s.aggregates.correct, s.aggregates.sent),
      `wrong ${s.aggregates.wrong}, timeouts ${s.aggregates.timeouts}; p99 ${lat.aggregates.p99} ms`),
    scoreBox('logical time', s.logical_time_progress.event_time.replace('T', ' '),
      `x${s.logical_time_progress.speed} real time` + (s.sender.held_rate ? '' : ' — BEHIND SCHEDULE')));
  drawChart(s.samples || []);
  document.getElementById('mismatches').replaceChildren(...s.mismatches.map(m => {
    const item = document.createElement('li');
    item.textContent = `${m.kind} ${m.path} (HTTP ${m.status})\n  ` + m.diff.join('\n  ');
    return item;
  }));
}

function drawChart(samples) {
  const canvas = document.getElementById('chart');
  const g = canvas.getContext('2d');
  const w = canvas.width, h = canvas.height, left = 50, bottom = 20;
  g.clearRect(0, 0, w, h);
  const series = {tags: '#1f77b4', profiles: '#ff7f0e', aggregates: '#2ca02c'};
  let max = 250;
  for (const s of samples) {
    for (const kind of Object.keys(series)) {
      if (s.latencyMs[kind][3] > 0) max = Math.max(max, s.latencyMs[kind][1]);
    }
  }
  const y = v => h - bottom - (h - bottom - 10) * Math.min(v, max) / max;
  const x = i => left + (w - left - 10) * (samples.length <= 1 ? 0 : i / (samples.length - 1));
  g.fillStyle = '#666';
  g.font = '11px sans-serif';
  for (let t = 0; t <= 4; t++) {
    const v = max * t / 4;
    g.fillText(v.toFixed(0), 5, y(v) + 4);
    g.strokeStyle = '#eee';
    g.beginPath(); g.moveTo(left, y(v)); g.lineTo(w - 10, y(v)); g.stroke();
  }
  g.strokeStyle = '#d62728';
  g.setLineDash([4, 4]);
  g.beginPath(); g.moveTo(left, y(200)); g.lineTo(w - 10, y(200)); g.stroke();
  g.setLineDash([]);
  for (const [kind, color] of Object.entries(series)) {
    g.strokeStyle = color;
    g.beginPath();
    let drawing = false;
    samples.forEach((s, i) => {
      const [, p99, , count] = s.latencyMs[kind];
      if (count === 0) { drawing = false; return; }
      if (drawing) g.lineTo(x(i), y(p99)); else g.moveTo(x(i), y(p99));
      drawing = true;
    });
    g.stroke();
  }
  if (samples.length > 0) {
    g.fillStyle = '#666';
    g.fillText(`last ${samples.length} s`, left, h - 5);
  }
}

async function refresh() {
  try {
    const subscriptions = await call('GET', api);
    renderTable(subscriptions);
    if (selected !== null) {
      renderDetails(await call('GET', `${api}/${selected}`));
    }
  } catch (e) {
    showError(e);
  }
}

refresh();
setInterval(refresh, 1000);
