// Loads Rebound's /status dashboard in headless Chromium, restarts a component through the admin API, and waits for
// the restart to appear on the page without a reload (the page refreshes itself). Also fails on any request to
// another origin and on any console error (a Content-Security-Policy violation shows as one).
//
// usage: node dashboard.mjs BASE_URL ADMIN_URL TOKEN COMPONENT SCREENSHOT.png
// env:   CHROMIUM=/path/to/chromium (default /usr/bin/chromium)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, admin, token, component, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error('usage: node dashboard.mjs BASE_URL ADMIN_URL TOKEN COMPONENT SCREENSHOT.png');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 20_000;

function fail(message) {
  throw new Error(message);
}

const profile = await mkdtemp(join(tmpdir(), 'rebound-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    chromiumSandbox: false, // --no-sandbox: CI containers run as root
    args: ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? await context.newPage();
  const origin = new URL(base).origin;
  const foreign = [];
  const consoleErrors = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin + '/') && !url.startsWith('data:')) {
      foreign.push(url);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  const response = await page.goto(new URL('/status', base).href, { waitUntil: 'load', timeout: STEP_TIMEOUT });
  if (response.status() !== 200) fail(`GET /status answered ${response.status()}`);
  const csp = response.headers()['content-security-policy'] ?? '';
  if (!csp.startsWith("default-src 'none'")) fail(`no strict Content-Security-Policy: '${csp}'`);

  const row = `#components tr[data-component="${component}"]`;
  await page.waitForSelector(row, { timeout: STEP_TIMEOUT });
  const before = Number(await page.textContent(`${row} td.restarts`));
  const operatorMarks = `#timeline rect[data-component="${component}"][data-kind="OPERATOR"]`;
  const marksBefore = await page.locator(operatorMarks).count();
  // Survives only if the page is never reloaded: the update must come from the page's own refresh.
  await page.evaluate(() => { window.reboundNoReload = true; });

  const restart = await fetch(new URL(`/components/${component}/restart`, admin), {
    method: 'POST', headers: { Authorization: `Bearer ${token}` },
  });
  if (restart.status !== 200) fail(`admin restart of ${component} answered ${restart.status}: ${await restart.text()}`);

  await page.waitForFunction(([r, n, marks, m]) => {
    const cell = document.querySelector(`${r} td.restarts`);
    return cell && Number(cell.textContent) === n + 1 && document.querySelectorAll(marks).length === m + 1;
  }, [row, before, operatorMarks, marksBefore], { timeout: STEP_TIMEOUT, polling: 100 });
  if (!await page.evaluate(() => window.reboundNoReload === true)) fail('the page reloaded instead of refreshing itself');
  const event = await page.textContent(`#events tr[data-component="${component}"][data-kind="OPERATOR"]`);
  if (!event || !event.includes('operator restart via admin')) fail(`no operator restart in the event table: ${event}`);
  const state = await page.getAttribute(row, 'data-state');
  if (state !== 'ACTIVE') fail(`${component} is ${state} after its restart`);
  const graph = await page.locator(`#graph g.node[data-component="${component}"]`).count();
  if (graph !== 1) fail(`${component} is not in the dependency graph`);

  await page.screenshot({ path: screenshot, fullPage: true });
  if (foreign.length > 0) fail(`requests to other origins: ${foreign.join(', ')}`);
  if (consoleErrors.length > 0) fail(`console errors: ${consoleErrors.join(' | ')}`);
  console.log(`dashboard OK: ${component} restarts ${before} -> ${before + 1}, operator restart on the timeline, `
    + `no reload, no foreign request, no console error; screenshot ${screenshot}`);
} catch (error) {
  console.error(`dashboard FAILED: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (context) await context.close();
  await rm(profile, { recursive: true, force: true });
}
