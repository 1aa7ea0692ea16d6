// issue 15 in real Chromium: a bug (a panic in the wasm) saves the work first and offers a reload
// that brings it back; HTML in a secret's value and key is shown as text everywhere, never run.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ndata:\n  username: YWRtaW4=\n';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
});

test('a panic saves the editor text and session first, shows a banner, and a reload brings them back', async ({ page }) => {
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.locator('#editor').fill(SECRET);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
  // `?debug-panic` (README, "Browser tests") makes the next Apply panic on purpose.
  await page.goto('/?debug-panic');
  await expect(page.locator('#editor')).toHaveValue(SECRET);
  await page.locator('#editor').fill('# typed, then the bug\n' + SECRET);
  // Text the app has not seen yet (no input event): only the hook's own save can keep it.
  const typed = '# typed just before the bug\n' + SECRET;
  await page.evaluate((t) => { document.getElementById('editor').value = t; }, typed);
  await page.locator('#apply').click();
  const banner = page.locator('#panic-banner');
  await expect(banner).toContainText('kubeplay stopped on an internal error (a bug in kubeplay, not in your manifests). Your editor text and session were saved first');
  await expect(page.locator('#panic-reload')).toHaveText('Reload');
  expect(pageErrors.length, 'the wasm stopped').toBeGreaterThan(0);
  for (const [name, width, height] of [['desktop', 1280, 720], ['phone', 390, 844]]) {
    for (const scheme of ['light', 'dark']) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: path.join(SHOTS, `panic-banner-${name}-${scheme}.png`) });
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.locator('#panic-reload').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator('#editor')).toHaveValue(typed);
  await expect(page.locator('#panic-banner')).toHaveCount(0);
  await page.locator('#tab-etcd').click();
  await expect(page.locator('#etcd-view')).toContainText('/registry/secrets/default/mysecret');
});

test('the panic banner speaks Korean when the app does', async ({ page }) => {
  await page.locator('#lang').selectOption('ko');
  await page.goto('/?debug-panic');
  await page.locator('#apply').click();
  await expect(page.locator('#panic-banner')).toContainText('kubeplay가 내부 오류로 멈췄습니다');
  await expect(page.locator('#panic-reload')).toHaveText('다시 불러오기');
});

const XSS = '<img src=x onerror=window.__xss=1>';
const XSS_MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: xss
  annotations:
    note: "${XSS}"
stringData:
  payload: "${XSS}"
---
apiVersion: v1
kind: Pod
metadata:
  name: xss
spec:
  containers:
  - name: c
    image: redis
    env:
    - name: PAYLOAD
      valueFrom:
        secretKeyRef:
          name: xss
          key: payload
    volumeMounts:
    - name: v
      mountPath: /etc/xss
  volumes:
  - name: v
    secret:
      secretName: xss
`;

test('HTML in a secret value and key is shown as text everywhere and never runs', async ({ page }) => {
  const noScript = async () => {
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await expect(page.locator('#app img')).toHaveCount(0);
  };
  await page.locator('#editor').fill(XSS_MANIFEST);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('secret/xss created');
  await page.locator('#run-idle').click();
  await page.locator('#tab-resources').click();
  await expect(page.locator('#resources')).toContainText('xss');
  await noScript();
  await page.locator('#tab-secret').click();
  await page.locator('#reveal').click();
  await expect(page.locator('#secret-view')).toContainText(XSS);
  await noScript();
  await page.locator('#tab-etcd').click();
  await expect(page.locator('#etcd-view')).toContainText(XSS);
  await noScript();
  await page.locator('#tab-container').click();
  const c = page.locator('section.container[data-container="c"]');
  await expect(c.locator('div.file[data-path="/etc/xss/payload"] pre.content')).toHaveText(XSS);
  await c.locator('button[data-tab="env"]').click();
  await expect(c).toContainText(`PAYLOAD`);
  await expect(c).toContainText(XSS);
  await noScript();
  await page.locator('#tab-pod').click();
  await expect(page.locator('#pod-view')).toContainText('xss');
  await noScript();
  // As a key: the API server refuses it, and its message quotes the key as text.
  await page.locator('#editor').fill(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: xss-key\nstringData:\n  "${XSS}": v\n`);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText(`data[${XSS}]: Invalid value: "${XSS}"`);
  await noScript();
  // And in the console, both ways.
  await page.locator('#tab-console').click();
  for (const line of [`kubectl create secret generic k --from-literal='${XSS}=v'`,
    "kubectl get secret xss -o jsonpath='{.data.payload}' | base64 -d"]) {
    await page.locator('#console-input').fill(line);
    await page.locator('#console-input').press('Enter');
  }
  await expect(page.locator('#transcript')).toContainText('error: "<img src" is not valid key name for a Secret');
  await expect(page.locator('#transcript .out').last()).toHaveText(XSS);
  await noScript();
});
