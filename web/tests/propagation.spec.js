// Issue 16 item 3: when a secret changes, the env vars and subPath files that keep the value of
// the container's start are badged "stale" with what the secret holds now; mounted files update.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

const MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  password: old
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: redis
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: creds
          key: password
    volumeMounts:
    - name: v
      mountPath: /etc/creds
    - name: v
      mountPath: /etc/password
      subPath: password
  volumes:
  - name: v
    secret:
      secretName: creds
`;

test('a changed secret: env and subPath are badged stale, the mounted file updates', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('#editor').fill(MANIFEST);
  await page.locator('#apply').click();
  await page.locator('#run-idle').click();
  await page.locator('#tab-console').click();
  await page.locator('#console-input').fill(`kubectl patch secret creds -p '{"stringData":{"password":"new"}}'`);
  await page.locator('#console-input').press('Enter');
  await page.locator('#console-input').fill('sleep 300');
  await page.locator('#console-input').press('Enter');
  await page.locator('#tab-container').click();
  const c = page.locator('section.container[data-container="app"]');
  await expect(c.locator('.file[data-path="/etc/creds/password"] .content')).toHaveText('new');
  await expect(c.locator('.file[data-path="/etc/creds/password"] .stale')).toHaveCount(0);
  await expect(c.locator('.file[data-path="/etc/password"] .content')).toHaveText('old');
  await expect(c.locator('.file[data-path="/etc/password"] .stale-badge')).toHaveText('stale: set at container start');
  await expect(c.locator('.file[data-path="/etc/password"] .stale .now')).toHaveText('new');
  await c.locator('button[data-tab="env"]').click();
  const row = c.locator('tr[data-env="DB_PASSWORD"]');
  await expect(row.locator('td').nth(1)).toContainText('old');
  await expect(row.locator('.stale .now')).toHaveText('new');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `stale-env-${scheme}.png`) });
  }
});
