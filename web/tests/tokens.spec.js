// The token inspector (issue 14, point 5), in real Chromium: pick a pod's projected token and
// see it decoded, signed by the cluster's key and accepted; delete the pod and see the same
// token rejected; paste a forged one and see the signature fail.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
});

async function type(page, line) {
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill(line);
  await input.press('Enter');
}

test('token inspector: a pod token accepted, then rejected once the pod is gone', async ({ page }) => {
  await type(page, 'kubectl run web --image=nginx');
  await expect(page.locator('#transcript')).toContainText('pod/web created');
  await type(page, 'kubeplay idle');
  await expect(page.locator('#transcript')).toContainText('idle at');

  await page.locator('#tab-tokens').click();
  const view = page.locator('#token-view');
  await expect(view).toContainText('checks its signature');
  await page.locator('#token-pod').selectOption('default/web');
  await expect(page.locator('#token-verdict')).toContainText('Accepted now');
  await expect(page.locator('#token-verdict')).toContainText('system:serviceaccount:default:default');
  const report = page.locator('#token-report');
  await expect(report).toContainText('Signature:  valid: ES256');
  await expect(report).toContainText('"warnafter"');
  await expect(report).toContainText('Bound to:   Pod web');
  await page.screenshot({ path: path.join(SHOTS, 'tokens-accepted.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await view.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'tokens-accepted-phone-dark.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });

  // Keep the token (as a thief would), then delete the pod.
  const text = await report.textContent();
  await type(page, 'kubectl exec web -- cat /var/run/secrets/kubernetes.io/serviceaccount/token');
  await expect(page.locator('#transcript')).toContainText('eyJhbGciOiJFUzI1NiIs');
  const token = (await page.locator('#transcript .out').last().textContent()).trim();
  await type(page, 'kubectl delete pod web --now');
  await type(page, 'kubeplay idle');
  await page.locator('#tab-tokens').click();
  await page.locator('#token-input').fill(token);
  await expect(page.locator('#token-verdict')).toContainText('Rejected now');
  await expect(page.locator('#token-verdict')).toContainText('service account token has been invalidated');
  expect(text).toContain('"name": "web"');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, 'tokens-rejected-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // A forged signature.
  await page.locator('#token-input').fill(token.replace(/\.[^.]*$/, '.AAAA'));
  await expect(report).toContainText('INVALID: not signed by this cluster');
  await page.locator('#token-input').fill('abc');
  await expect(page.locator('#token-error')).toContainText('not a JWT');
});
