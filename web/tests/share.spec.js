// Issue 16 item 8: "Copy link" says "copied" only when the clipboard accepted the link; without a
// clipboard (plain HTTP on a LAN address has no clipboard API) the link waits selected in a box.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

async function fresh(page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.locator('#editor').fill('apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\n');
  await page.locator('#apply').click();
}

test('without a clipboard the link is shown selected in a box, never "copied"', async ({ page, baseURL }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await fresh(page);
  await page.locator('#copy-link').click();
  const box = page.locator('#share-url-box');
  await expect(box).toBeVisible();
  await expect(box).toBeFocused();
  const url = await box.inputValue();
  expect(url.startsWith(baseURL + '/#v1.')).toBeTruthy();
  const selected = await box.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  expect(selected).toBe(url);
  await expect(page.locator('#notice')).toContainText('copy it by hand');
  await expect(page.locator('#notice')).not.toContainText('Link copied');
  await page.screenshot({ path: path.join(SHOTS, 'copy-by-hand.png') });
});

test('with a clipboard that accepts it, the link is copied and said so', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await fresh(page);
  await page.locator('#copy-link').click();
  await expect(page.locator('#notice')).toContainText('Link copied');
  const url = await page.locator('#share-url').textContent();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expect(page.locator('#share-url-box')).toHaveCount(0);
});
