// Drives headless Chromium (Debian's, via playwright-core) over tunerd's
// dashboard while a job runs, and checks that each view draws the API's
// data, that the page updates live, and that it asks nothing of any server
// but the loopback one. Run by tests/dashboard_browser_test.cc:
//
//   node dashboard.spec.mjs --base http://127.0.0.1:PORT --job NAME --out DIR
//
// Prints "screenshot: PATH" for each picture and "PASS" at the end; exits 1
// with the failed check named otherwise.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    job: { type: 'string' },
    out: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = args.base.replace(/\/$/, '');
const job = args.job;
const enc = encodeURIComponent;

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}
function checkEqual(actual, expected, what) {
  check(actual === expected, `${what}: ${actual} (expected ${expected})`);
}

async function apiGet(route) {
  const response = await fetch(`${base}${route}`);
  if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
  return response.json();
}

async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function isLoopback(url) {
  const u = new URL(url);
  if (['data:', 'blob:', 'about:'].includes(u.protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  // Root in CI has no user namespaces for the sandbox; the page is ours.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
const requests = [];
page.on('request', (request) => requests.push(request.url()));
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(String(error)));
page.on('console', (message) => {
  if (message.type() === 'error') pageErrors.push(message.text());
});

async function shoot(name) {
  const file = path.join(args.out, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

const count = (selector) => page.locator(selector).count();

try {
  // The jobs list.
  await page.goto(`${base}/`);
  await page.waitForSelector(`tr.job-row[data-job="${job}"]`, { timeout: 15000 });
  await shoot('jobs.png');

  // The job while it runs.
  await page.goto(`${base}/#/jobs/${enc(job)}`);
  await page.waitForSelector('#job-view', { timeout: 15000 });
  const runningStatus = await page.getAttribute('#job-view', 'data-status');
  const pointsWhileRunning = await count('circle.timeline-point');
  check(runningStatus === 'InProgress', `the job is still running when the page opens (${runningStatus})`);
  await shoot('job-running.png');
  const drawsBefore = Number(await page.getAttribute('#app', 'data-draws'));

  // Live: the page follows the job to its end without a reload.
  await waitFor(async () => {
    const j = await apiGet(`/api/jobs/${enc(job)}`);
    return !['InProgress', 'Stopping'].includes(j.status);
  }, 180000, 'the job to end');
  const [jobDoc, trialsDoc, curvesDoc] = await Promise.all([
    apiGet(`/api/jobs/${enc(job)}`), apiGet(`/api/jobs/${enc(job)}/trials`), apiGet(`/api/jobs/${enc(job)}/curves`)]);
  const trials = trialsDoc.trials;
  await page.waitForSelector(`#job-view[data-status="${jobDoc.status}"][data-trials="${trials.length}"]`, { timeout: 10000 });
  const drawsAfter = Number(await page.getAttribute('#app', 'data-draws'));
  check(drawsAfter > drawsBefore, `the page redrew itself as the job ran (${drawsBefore} -> ${drawsAfter} draws)`);
  const pointsAfter = await count('circle.timeline-point');
  check(pointsAfter > pointsWhileRunning, `timeline points grew live (${pointsWhileRunning} -> ${pointsAfter})`);

  // (1) Timeline: one point per ended trial with an objective.
  const ended = trials.filter((t) => t.ended_at && typeof t.objective === 'number');
  const completed = trials.filter((t) => t.state === 'Completed');
  checkEqual(await count('#timeline circle.timeline-point'), ended.length, 'timeline points = ended trials with an objective');
  checkEqual(await count('#timeline circle.timeline-point[data-state="Completed"]'), completed.length,
    'completed timeline points = completed trials');

  // (2) Objective against each hyperparameter.
  const scored = trials.filter((t) => typeof t.objective === 'number');
  checkEqual(await count('.param-plot'), jobDoc.ranges.length, 'one objective plot per hyperparameter');
  for (const range of jobDoc.ranges) {
    checkEqual(await count(`.param-plot[data-param="${range.name}"] circle.param-point`), scored.length,
      `points in the ${range.name} plot`);
    if (range.scaling === 'Logarithmic') {
      checkEqual(await count(`.param-plot[data-param="${range.name}"] svg.log-x`), 1, `${range.name} has a log axis`);
    }
  }

  // (3) Learning curves of the objective metric: one per trial with points.
  const metric = curvesDoc.objective_metric;
  const withPoints = curvesDoc.trials.filter((t) => t.points.some((p) => p.metric === metric));
  checkEqual(await count(`#curves path.curve[data-metric="${metric}"]`), withPoints.length, 'learning curves = trials with points');
  for (const t of withPoints.slice(0, 3)) {
    const n = t.points.filter((p) => p.metric === metric).length;
    checkEqual(Number(await page.getAttribute(`#curves path.curve[data-trial="${t.id}"]`, 'data-points')), n,
      `points on ${t.id}'s curve`);
  }

  // (4) Parallel coordinates: one line per trial.
  checkEqual(await count('#parallel path.pc-line'), trials.length, 'parallel-coordinate lines = trials');
  checkEqual(await count('#parallel g.pc-axis'), jobDoc.ranges.length + 1, 'one axis per hyperparameter plus the objective');

  // (6) The GP's model: one slice panel per hyperparameter, each with its
  // band and mean drawn, and the observed points are the completed trials.
  const modelDoc = await apiGet(`/api/jobs/${enc(job)}/model`);
  checkEqual(await count('.model-plot'), jobDoc.ranges.length, 'one model slice per hyperparameter');
  const completedIds = completed.filter((t) => typeof t.objective === 'number').map((t) => t.id).sort();
  checkEqual(JSON.stringify(modelDoc.observed.map((p) => p.id).sort()), JSON.stringify(completedIds),
    'the model\'s observed points are the completed trials');
  for (const range of jobDoc.ranges) {
    const panel = `.model-plot[data-param="${range.name}"]`;
    checkEqual(await count(`${panel} polygon.model-band`), 1, `${range.name}'s band is drawn`);
    const band = await page.getAttribute(`${panel} polygon.model-band`, 'points');
    check(band.trim().split(/\s+/).length >= 4, `${range.name}'s band has an area (${band.slice(0, 40)}...)`);
    checkEqual(await count(`${panel} polyline.model-mean`), 1, `${range.name}'s mean is drawn`);
    checkEqual(await count(`${panel} circle.model-point`), completedIds.length, `observed points on ${range.name}'s slice`);
  }
  if (modelDoc.best_by_model.id) {
    const text = await page.textContent('#model-best');
    check(text.includes(modelDoc.best_by_model.id), `the best trial by the model is named (${text})`);
  }
  await shoot('job-model.png');

  // (5) The table: one row per trial, sortable.
  checkEqual(await count('#trials-table tr.trial-row'), trials.length, 'table rows = trials');
  checkEqual(await count('#trials-table td.source'), trials.length, 'each row says where its trial came from');
  const best = jobDoc.best_trial;
  check(best !== null, 'the job has a best trial');
  const maximize = jobDoc.objective.type === 'Maximize';
  // Sorted by objective by default, best first; a click reverses it.
  checkEqual(await page.getAttribute('#trials-table tr.trial-row >> nth=0', 'data-trial'), best.id, 'the best trial heads the table');
  await page.click('#trials-table th[data-sort="objective"]');
  const worst = [...scored].sort((a, b) => (maximize ? a.objective - b.objective : b.objective - a.objective))[0];
  checkEqual(await page.getAttribute('#trials-table tr.trial-row >> nth=0', 'data-trial'), worst.id,
    'a click on the objective header puts the worst first');
  await page.click('#trials-table th[data-sort="id"]');
  checkEqual(await page.getAttribute('#trials-table tr.trial-row >> nth=0', 'data-trial'), trials[0].id, 'sorted by trial');
  check((await page.textContent('#job-best')).includes(best.id), 'the summary names the best trial');
  checkEqual(await page.textContent('#job-owner'), jobDoc.owner, 'the summary names the owner');
  checkEqual(await page.textContent('#who span'), 'local (admin)', 'the header names the caller');
  await shoot('job.png');

  // A trial page: its metric series and its events.
  const trialDoc = await apiGet(`/api/trials/${enc(best.id)}`);
  await page.goto(`${base}/#/trials/${enc(best.id)}`);
  await page.waitForSelector(`#trial-view[data-trial="${best.id}"]`, { timeout: 10000 });
  const metrics = new Set(trialDoc.points.map((p) => p.metric));
  checkEqual(await count('#panel-trial-metrics path.trial-series'), metrics.size, 'one series per metric');
  checkEqual(await count('#panel-trial-metrics circle.trial-point'), trialDoc.points.length, 'trial points');
  checkEqual(await count('#trial-events li.trial-event'), trialDoc.events.length, 'trial events');
  check(trialDoc.events.some((e) => e.kind === 'trial_started'), 'the events include trial_started');
  // The best trial ended, so the page shows the end of its log: the fake
  // trainer's progress lines.
  check(typeof trialDoc.log === 'string' && trialDoc.log.includes('some progress line without metrics'),
    'the API has the log tail');
  checkEqual(await page.textContent('#trial-log'), trialDoc.log, 'the page shows the log tail');
  await shoot('trial.png');

  // Polling, and nothing but loopback.
  const polls = requests.filter((u) => u.includes(`/api/jobs/${enc(job)}/trials`)).length;
  check(polls >= 2, `the job page polled its trials (${polls} requests)`);
  const outside = requests.filter((u) => !isLoopback(u));
  check(outside.length === 0, `no request left loopback (${requests.length} requests; outside: ${outside.join(' ') || 'none'})`);
  check(pageErrors.length === 0, `no script errors (${pageErrors.join(' | ') || 'none'})`);
} catch (error) {
  failures.push(String(error && error.stack ? error.stack : error));
  console.log(`FAIL ${error}`);
  try { await shoot('failure.png'); } catch { /* the page may be gone */ }
} finally {
  await browser.close();
}

if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('PASS');
