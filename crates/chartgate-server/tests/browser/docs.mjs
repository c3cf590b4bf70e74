// Drives headless Chromium through chartgate's /docs page as a person would:
// paste a refresh token, mint, call GET /api/artist/{id} with Swagger UI's
// try-it, then mint again through try-it on POST /api/token.
//
// Usage: node docs.mjs BASE_URL REFRESH_TOKEN SCREENSHOT_PATH
// Prints one JSON report on the last line of stdout; the Rust test
// (tests/server/docs_browser.rs) makes the assertions. Exits non-zero only when the
// page could not be driven at all.
import { chromium } from 'playwright-core';

const [base, refresh, screenshot] = process.argv.slice(2);
if (!base || !refresh || !screenshot) {
  console.error('usage: node docs.mjs BASE_URL REFRESH_TOKEN SCREENSHOT_PATH');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP = 20_000;
setTimeout(() => { console.error('docs.mjs: gave up after 120 s'); process.exit(3); }, 120_000).unref();

const report = {
  mintStatus: null, artistStatus: null, artistBody: null, artistAuthorization: null,
  tryItStatus: null, requests: [], offHost: [], errors: [],
};

const isLocal = (u) => {
  const url = new URL(u);
  if (url.protocol === 'data:' || url.protocol === 'blob:') return true;
  return url.hostname === '127.0.0.1';
};

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-default-apps'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on('request', (r) => report.requests.push(`${r.method()} ${r.url()}`));
  // Anything bound elsewhere is recorded and never leaves the machine.
  await context.route((url) => !isLocal(url.href), (route) => {
    report.offHost.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => report.offHost.push(`websocket ${ws.url()}`));
  page.on('console', (m) => { if (m.type() === 'error') report.errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => report.errors.push(`pageerror: ${e}`));
  page.on('request', (r) => {
    if (r.url().endsWith('/api/artist/206557')) report.artistAuthorization = r.headers().authorization ?? null;
  });

  await page.goto(`${base}/docs`, { waitUntil: 'load' });
  const artistOp = page.locator('#operations-data-get_artist');
  await artistOp.waitFor({ timeout: STEP });

  // 1. Mint through the page's own form.
  await page.fill('#refresh-token', refresh);
  await page.click('#mint');
  await page.locator('#mint-status.ok').waitFor({ timeout: STEP });
  report.mintStatus = await page.textContent('#mint-status');

  // 2. Try GET /api/artist/{id}: the minted token must ride along.
  await artistOp.locator('.opblock-summary').first().click();
  await artistOp.locator('input[placeholder="id"]').fill('206557');
  await artistOp.locator('button.execute').click();
  const artistResponse = artistOp.locator('.live-responses-table .response').first();
  await artistResponse.locator('.highlight-code').waitFor({ timeout: STEP });
  report.artistStatus = (await artistResponse.locator('.response-col_status').textContent()).trim();
  report.artistBody = await artistResponse.locator('.highlight-code').textContent();
  // The form, its status and the artist's response, in one picture.
  const bottom = await artistResponse.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
  await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 } });

  // 3. Try POST /api/token in Swagger UI: its answer re-authorizes the page.
  const tokenOp = page.locator('#operations-auth-create_token');
  await tokenOp.locator('.opblock-summary').first().click();
  await tokenOp.locator('textarea.body-param__text').fill(JSON.stringify({ refreshtoken: refresh }));
  await tokenOp.locator('button.execute').click();
  await page.locator('#mint-status.ok', { hasText: 'from the try-it call' }).waitFor({ timeout: STEP });
  report.tryItStatus = await page.textContent('#mint-status');
  await context.close();
} catch (e) {
  report.errors.push(`driver: ${e && e.stack ? e.stack : e}`);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
