// issue 15: a session too large to save says so and keeps the last good copy; a saved
// session that cannot be restored is kept aside and reported, never overwritten silently.
const { test, expect } = require('@playwright/test');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
const SMALL = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ndata:\n  username: YWRtaW4=\n';
const big = 'a'.repeat(900 * 1024);
const TWO_BIG = [1, 2].map((i) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: big${i}\nstringData:\n  k: ${big}\n`).join('---\n');

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
});

test('two 900 KiB secrets: the session is too large to save, and a reload brings back the earlier work', async ({ page }) => {
  await page.locator('#editor').fill(SMALL);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
  await page.locator('#editor').fill(TWO_BIG);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('secret/big2 created');
  await expect(page.locator('#notice')).toContainText('This session is too large to save; your last saved copy is kept');
  await page.screenshot({ path: path.join(SHOTS, 'too-large-to-save.png') });
  await page.reload();
  await expect(page.locator('#saved-error')).toHaveCount(0);
  await page.locator('#tab-etcd').click();
  await expect(page.locator('#etcd-view')).toContainText('/registry/secrets/default/mysecret');
  await expect(page.locator('#etcd-view')).not.toContainText('big1');
});

test('a saved session that cannot be restored is kept under its own key and named as such (EN and KO)', async ({ page }) => {
  await page.evaluate(() => localStorage.setItem('kubeplay.recipe.v1', '{"v":1,"editor":"x","actions":"not a list"}'));
  await page.reload();
  await expect(page.locator('#saved-error')).toContainText('Your saved session could not be restored');
  await expect(page.locator('#link-error')).toHaveCount(0);
  expect(await page.evaluate(() => localStorage.getItem('kubeplay.recipe.unrestorable.v1')))
    .toBe('{"v":1,"editor":"x","actions":"not a list"}');
  await page.locator('#lang').selectOption('ko');
  await expect(page.locator('#saved-error')).toContainText('저장된 세션을 복원할 수 없습니다');
});
