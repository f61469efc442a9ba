/**
 * The branch manager's dashboard: one static page and its script, served by reporting with Chart.js
 * from node_modules (no CDN: it must work without outside network). The script only reads the
 * /reports JSON API, so every number on the page can be checked against it.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GridPay reporting dashboard</title>
<style>
  :root { --ink:#1d2733; --muted:#5d6b7a; --line:#dde3ea; --ok:#1f8a4c; --warn:#c0392b; --accent:#1565c0; }
  * { box-sizing: border-box; }
  body { margin:0; font:14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#f5f7fa; }
  header { background:#0d3b66; color:#fff; padding:12px 20px; display:flex; flex-wrap:wrap; gap:12px; align-items:center; }
  header h1 { font-size:18px; margin:0 16px 0 0; }
  header label { display:flex; flex-direction:column; font-size:11px; opacity:.9; }
  header select { min-width:130px; padding:4px; font-size:13px; }
  header button { padding:6px 12px; margin-top:12px; }
  main { padding:16px 20px; display:grid; gap:16px; grid-template-columns: repeat(12, 1fr); }
  section { background:#fff; border:1px solid var(--line); border-radius:6px; padding:12px 14px; min-width:0; overflow-x:auto; }
  section h2 { font-size:14px; margin:0 0 8px; color:var(--muted); font-weight:600; }
  .w12 { grid-column: span 12; } .w6 { grid-column: span 6; } .w4 { grid-column: span 4; } .w8 { grid-column: span 8; }
  @media (max-width: 1000px) { .w6, .w4, .w8 { grid-column: span 12; } }
  .cards { display:grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap:12px; }
  .card { border:1px solid var(--line); border-radius:6px; padding:10px; background:#fbfcfe; }
  .card .label { font-size:12px; color:var(--muted); }
  .card .value { font-size:26px; font-weight:700; }
  .card .target { font-size:12px; color:var(--muted); }
  .card .target.met { color:var(--ok); } .card .target.below { color:var(--warn); }
  table { width:100%; border-collapse:collapse; font-size:13px; }
  th, td { text-align:left; padding:4px 6px; border-bottom:1px solid var(--line); white-space:nowrap; }
  td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
  .bar { display:inline-block; vertical-align:middle; width:90px; height:8px; background:#e8edf3; border-radius:4px; }
  .bar > span { display:block; height:8px; border-radius:4px; background:var(--accent); }
  .status-discrepancies { color:var(--warn); font-weight:600; } .status-matched { color:var(--ok); }
  .exports a { margin-right:10px; font-size:12px; }
  .chart { position:relative; height:260px; }
  #status { font-size:12px; margin-left:auto; opacity:.85; }
</style>
</head>
<body>
<header>
  <h1 id="branch">GridPay reporting</h1>
  <label>Period<select id="filter-period" data-filter="period"><option value="">latest</option></select></label>
  <label>Commune<select id="filter-commune" data-filter="commune"><option value="">all communes</option></select></label>
  <label>Partner<select id="filter-partner" data-filter="partner"><option value="">all partners</option></select></label>
  <label>Channel<select id="filter-channel" data-filter="channel"><option value="">all channels</option></select></label>
  <button id="reset-filters" type="button">Reset</button>
  <span id="status" data-testid="status">loading…</span>
</header>
<main>
  <section class="w12">
    <h2>Headline — <span id="headline-period" data-testid="headline-period"></span></h2>
    <div class="cards">
      <div class="card"><div class="label">Paid through banks or intermediaries</div>
        <div class="value" id="kpi-through" data-testid="kpi-through"></div>
        <div class="target" id="kpi-through-target"></div></div>
      <div class="card"><div class="label">Paid cashless</div>
        <div class="value" id="kpi-cashless" data-testid="kpi-cashless"></div>
        <div class="target" id="kpi-cashless-target"></div></div>
      <div class="card"><div class="label">Customers billed</div>
        <div class="value" id="kpi-billed" data-testid="kpi-billed"></div>
        <div class="target" id="kpi-billed-detail"></div></div>
      <div class="card"><div class="label">Collected for the period (₫)</div>
        <div class="value" id="kpi-collected" data-testid="kpi-collected"></div></div>
      <div class="card"><div class="label">Outstanding, all periods (₫)</div>
        <div class="value" id="kpi-outstanding" data-testid="kpi-outstanding"></div></div>
      <div class="card"><div class="label">Staff enrollments</div>
        <div class="value" id="kpi-enrollments" data-testid="kpi-enrollments"></div>
        <div class="target" id="kpi-enrollments-target"></div></div>
    </div>
  </section>
  <section class="w8"><h2>Trend by month: the two shares against the plan</h2><div class="chart"><canvas id="chart-trend"></canvas></div></section>
  <section class="w4"><h2>Collected per channel (₫)</h2><div class="chart"><canvas id="chart-channels"></canvas></div></section>
  <section class="w6"><h2>Collected per partner (₫)</h2><div class="chart"><canvas id="chart-partners"></canvas></div></section>
  <section class="w6"><h2>Outstanding debt by commune and age (₫)</h2><div class="chart"><canvas id="chart-debt"></canvas></div></section>
  <section class="w12"><h2>Staff campaign leaderboard (period chosen, else all months)</h2><div id="table-campaign" data-testid="table-campaign"></div></section>
  <section class="w6"><h2>Teams against their targets</h2><div id="table-teams" data-testid="table-teams"></div></section>
  <section class="w6"><h2>Auto-debit</h2><div id="table-auto-debit" data-testid="table-auto-debit"></div></section>
  <section class="w6"><h2>Customers by partner and channel</h2><div id="table-channels" data-testid="table-channels"></div></section>
  <section class="w6"><h2>Reconciliation per partner and day (latest first)</h2><div id="table-reconciliation" data-testid="table-reconciliation"></div></section>
  <section class="w12 exports"><h2>Export (CSV, with the filters above)</h2><div id="exports"></div></section>
</main>
<script src="/dashboard/assets/chart.umd.min.js"></script>
<script src="/dashboard/assets/dashboard.js"></script>
</body>
</html>
`;

export const DASHBOARD_JS = `'use strict';
(function () {
  const FILTERS = ['period', 'commune', 'partner', 'channel'];
  const TABLES = ['summary', 'shares', 'plan', 'channels', 'collections', 'auto-debit', 'auto-debit-failures', 'debt', 'campaign', 'campaign-teams', 'reconciliation'];
  const state = { period: '', commune: '', partner: '', channel: '' };
  const charts = {};
  const money = new Intl.NumberFormat('vi-VN');
  const pct = (x) => (x * 100).toFixed(1) + '%';
  const $ = (id) => document.getElementById(id);
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  function query(extra) {
    const params = new URLSearchParams();
    const all = Object.assign({}, state, extra || {});
    for (const key of Object.keys(all)) if (all[key]) params.set(key, all[key]);
    const text = params.toString();
    return text ? '?' + text : '';
  }
  async function table(name, extra) {
    const response = await fetch('/reports/' + name + query(extra));
    if (!response.ok) throw new Error(name + ': HTTP ' + response.status);
    return (await response.json()).rows;
  }

  function setValue(id, text, raw) {
    const el = $(id);
    el.textContent = text;
    el.dataset.value = String(raw);
  }
  function targetLine(id, actual, target, format) {
    const el = $(id);
    el.textContent = 'plan ' + format(target) + (actual >= target ? ' — met' : ' — ' + format(target - actual) + ' to go');
    el.className = 'target ' + (actual >= target ? 'met' : 'below');
  }

  function renderTable(id, rows, columns) {
    if (rows.length === 0) { $(id).innerHTML = '<p class="empty">No data for these filters.</p>'; return; }
    const head = columns.map((c) => '<th class="' + (c.num ? 'num' : '') + '">' + esc(c.label) + '</th>').join('');
    const body = rows.map((row) => '<tr>' + columns.map((c) => {
      const value = row[c.key];
      const html = c.render ? c.render(value, row) : esc(c.num && typeof value === 'number' ? money.format(value) : value);
      return '<td class="' + (c.num ? 'num' : '') + '" data-col="' + c.key + '" data-value="' + esc(value) + '">' + html + '</td>';
    }).join('') + '</tr>').join('');
    $(id).innerHTML = '<table><thead><tr>' + head + '</tr></thead><tbody>' + body + '</tbody></table>';
  }
  const progressBar = (value) => '<div class="bar" title="' + pct(value) + '"><span style="width:' + Math.min(100, value * 100).toFixed(1) + '%"></span></div> ' + pct(value);

  function chart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new Chart($(id), config);
  }
  function sumBy(rows, key, value) {
    const sums = new Map();
    for (const row of rows) sums.set(row[key], (sums.get(row[key]) || 0) + row[value]);
    return sums;
  }
  const PALETTE = ['#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#c62828', '#5d4037', '#9e9d24', '#ad1457', '#37474f', '#00695c'];

  async function loadFilters() {
    const response = await fetch('/reports/filters');
    const options = await response.json();
    $('branch').textContent = 'GridPay — ' + (options.branch || 'branch') + ' reporting';
    const fill = (id, values) => {
      const select = $(id);
      const first = select.options[0];
      select.innerHTML = '';
      select.appendChild(first);
      for (const value of values) {
        const option = document.createElement('option');
        option.value = value; option.textContent = value;
        select.appendChild(option);
      }
    };
    fill('filter-period', options.periods.slice().reverse());
    fill('filter-commune', options.communes);
    fill('filter-partner', options.partners);
    fill('filter-channel', options.channels);
  }

  let latest = 0;
  async function refresh() {
    const mine = ++latest;
    $('status').textContent = 'loading…';
    document.body.dataset.loaded = 'false';
    const summary = await table('summary');
    // "latest" scopes the per-period panels to the headline's billing period; the trend, the debt,
    // the campaign (months of registration) and reconciliation (business days) keep every month.
    const scoped = state.period ? {} : { period: summary[0].period };
    const [trend, channels, debt, campaign, teams, autoDebit, reconciliation] = await Promise.all([
      table('shares', { period: '' }),
      table('channels', scoped),
      table('debt'),
      table('campaign'),
      table('campaign-teams'),
      table('auto-debit', scoped),
      table('reconciliation'),
    ]);
    if (mine !== latest) return; // a newer choice of filters is loading
    const s = summary[0];
    $('headline-period').textContent = s.period || 'no bills yet';
    setValue('kpi-through', pct(s.throughPartnersShare), s.throughPartnersShare);
    targetLine('kpi-through-target', s.throughPartnersShare, s.targetThroughPartnersShare, pct);
    setValue('kpi-cashless', pct(s.cashlessShare), s.cashlessShare);
    targetLine('kpi-cashless-target', s.cashlessShare, s.targetCashlessShare, pct);
    setValue('kpi-billed', money.format(s.billedCustomers), s.billedCustomers);
    $('kpi-billed-detail').textContent = money.format(s.paidThroughPartners) + ' through partners, ' + money.format(s.paidCashless) + ' cashless';
    setValue('kpi-collected', money.format(s.collectedAmount), s.collectedAmount);
    setValue('kpi-outstanding', money.format(s.outstandingAllPeriods), s.outstandingAllPeriods);
    setValue('kpi-enrollments', money.format(s.enrollments), s.enrollments);
    targetLine('kpi-enrollments-target', s.enrollments, s.targetEnrollments, (n) => money.format(n));

    chart('chart-trend', {
      type: 'line',
      data: {
        labels: trend.map((r) => r.period),
        datasets: [
          { label: 'through partners', data: trend.map((r) => r.throughPartnersShare * 100), borderColor: '#1565c0', backgroundColor: '#1565c0' },
          { label: 'cashless', data: trend.map((r) => r.cashlessShare * 100), borderColor: '#2e7d32', backgroundColor: '#2e7d32' },
          { label: 'plan: through partners', data: trend.map((r) => r.targetThroughPartnersShare * 100), borderColor: '#1565c0', borderDash: [6, 4], pointRadius: 0 },
          { label: 'plan: cashless', data: trend.map((r) => r.targetCashlessShare * 100), borderColor: '#2e7d32', borderDash: [6, 4], pointRadius: 0 },
        ],
      },
      options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, max: 100, ticks: { callback: (v) => v + '%' } } } },
    });
    const byChannel = sumBy(channels, 'channel', 'amount');
    chart('chart-channels', {
      type: 'doughnut',
      data: { labels: [...byChannel.keys()], datasets: [{ data: [...byChannel.values()], backgroundColor: PALETTE }] },
      options: { maintainAspectRatio: false, animation: false },
    });
    const byPartner = sumBy(channels, 'partner', 'amount');
    chart('chart-partners', {
      type: 'bar',
      data: { labels: [...byPartner.keys()], datasets: [{ label: 'collected (₫)', data: [...byPartner.values()], backgroundColor: '#1565c0' }] },
      options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } } },
    });
    const communes = [...new Set(debt.map((r) => r.commune))];
    const buckets = ['not due', '1-30 days', '31-60 days', '61-90 days', 'over 90 days'];
    chart('chart-debt', {
      type: 'bar',
      data: {
        labels: communes,
        datasets: buckets.map((bucket, i) => ({
          label: bucket,
          backgroundColor: ['#90caf9', '#ffcc80', '#ffb74d', '#ef6c00', '#c62828'][i],
          data: communes.map((c) => (debt.find((r) => r.commune === c && r.ageBucket === bucket) || { outstanding: 0 }).outstanding),
        })),
      },
      options: { maintainAspectRatio: false, animation: false, scales: { x: { stacked: true }, y: { stacked: true } } },
    });

    renderTable('table-campaign', campaign, [
      { key: 'rank', label: '#', num: true }, { key: 'employee', label: 'Employee' }, { key: 'name', label: 'Name' }, { key: 'team', label: 'Team' },
      { key: 'autoDebitMandates', label: 'Mandates', num: true }, { key: 'eChannelSignUps', label: 'E-channel', num: true },
      { key: 'cancelled', label: 'Cancelled', num: true }, { key: 'net', label: 'Net', num: true }, { key: 'target', label: 'Target', num: true },
      { key: 'progress', label: 'Progress', render: progressBar },
    ]);
    renderTable('table-teams', teams, [
      { key: 'team', label: 'Team' }, { key: 'name', label: 'Name' }, { key: 'net', label: 'Net', num: true },
      { key: 'target', label: 'Target', num: true }, { key: 'progress', label: 'Progress', render: progressBar },
    ]);
    renderTable('table-auto-debit', autoDebit, [
      { key: 'period', label: 'Period' }, { key: 'partner', label: 'Partner' }, { key: 'billsAttempted', label: 'Bills', num: true },
      { key: 'billsCollected', label: 'Collected', num: true }, { key: 'successRate', label: 'Success', render: pct },
      { key: 'failedAttempts', label: 'Failed attempts', num: true },
    ]);
    renderTable('table-channels', channels, [
      { key: 'partner', label: 'Partner' }, { key: 'channel', label: 'Channel' }, { key: 'customers', label: 'Customers', num: true },
      { key: 'payments', label: 'Payments', num: true }, { key: 'amount', label: 'Amount (₫)', num: true },
    ]);
    renderTable('table-reconciliation', reconciliation.slice().reverse().slice(0, 31), [
      { key: 'businessDate', label: 'Day' }, { key: 'partner', label: 'Partner' },
      { key: 'status', label: 'Status', render: (v) => '<span class="status-' + esc(v) + '">' + esc(v) + '</span>' },
      { key: 'matched', label: 'Matched', num: true }, { key: 'missingAtPartner', label: 'Not at partner', num: true },
      { key: 'missingAtUs', label: 'Not here', num: true }, { key: 'amountMismatches', label: 'Amount ≠', num: true },
    ]);
    $('exports').innerHTML = TABLES.map((name) => '<a href="/reports/' + name + query({ format: 'csv' }) + '" data-table="' + name + '">' + name + '.csv</a>').join('');
    $('status').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.body.dataset.loaded = 'true';
    document.body.dataset.query = query();
  }

  function onError(error) {
    $('status').textContent = 'error: ' + error.message;
    document.body.dataset.loaded = 'error';
  }

  for (const key of FILTERS) {
    $('filter-' + key).addEventListener('change', (event) => {
      state[key] = event.target.value;
      refresh().catch(onError);
    });
  }
  $('reset-filters').addEventListener('click', () => {
    for (const key of FILTERS) { state[key] = ''; $('filter-' + key).value = ''; }
    refresh().catch(onError);
  });
  loadFilters().then(refresh).catch(onError);
})();
`;
