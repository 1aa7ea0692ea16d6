// Issue 16: while the WebAssembly downloads, the page says what is coming (EN and KO) instead of
// showing a blank screen; the app replaces the loading screen once it mounts.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

test('a loading screen shows until the app mounts, then gives way to it', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto('/');
  const loading = page.getByRole('status');
  await expect(loading).toContainText('Loading the Kubernetes Secrets playground');
  await expect(loading).toContainText('시크릿 플레이그라운드를 불러오는 중');
  await expect(page.locator('#editor')).toHaveCount(0);
  await page.screenshot({ path: path.join(SHOTS, 'loading.png') });
  release();
  await expect(page.locator('#editor')).toBeVisible();
  await expect(page.locator('.loading')).toHaveCount(0);
});

test('the app is sent precompressed: brotli when the browser takes it, else gzip', async ({ page }) => {
  const sent = {};
  page.on('response', async (r) => {
    const ext = new URL(r.url()).pathname.split('.').pop();
    if (!['wasm', 'js', 'css'].includes(ext)) return;
    const accepted = (await r.request().allHeaders())['accept-encoding'] || '';
    sent[ext] = { accepted: /\bbr\b/.test(accepted) ? 'br' : 'gzip', got: r.headers()['content-encoding'] };
  });
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
  expect(Object.keys(sent).sort()).toEqual(['css', 'js', 'wasm']);
  for (const { accepted, got } of Object.values(sent)) expect(got).toBe(accepted);
});
