// Issue 18's acceptance story in a real Chromium: a Deployment reads a secret through env; the
// secret changes and the running pods keep the old value; `kubectl rollout restart` makes a new
// ReplicaSet whose pods start with the new value. The resources view groups
// Deployment → ReplicaSets → Pods.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

const MANIFEST = `apiVersion: v1
kind: Secret
metadata:
  name: db-creds
stringData:
  password: old
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: app
        image: redis
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-creds
              key: password
`;

async function type(page, line) {
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill(line);
  await input.press('Enter');
}

// Opens the container view of the pod named in the workload tree row `row`, then its env tab.
async function envOf(page, row) {
  await row.locator('button.link').click();
  await page.locator('#tab-container').click();
  const c = page.locator('section.container[data-container="app"]');
  await c.locator('button[data-tab="env"]').click();
  return c.locator('tr[data-env="DB_PASSWORD"]');
}

test('rollout restart: new pods read the changed secret, old ones kept the old value', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('#editor').fill(MANIFEST);
  await page.locator('#apply').click();
  await page.locator('#run-idle').click();

  await page.locator('#tab-resources').click();
  const tree = page.locator('#workloads');
  await expect(tree.locator('.wrow.deployment[data-name="web"] .wready')).toHaveText('2/2');
  await expect(tree.locator('.wrow.replicaset')).toHaveCount(1);
  await expect(tree.locator('.wrow.replicaset .wdetail')).toHaveText('revision 1');
  await expect(tree.locator('.wrow.pod')).toHaveCount(2);
  const firstPod = await tree.locator('.wrow.pod').first().getAttribute('data-name');
  const rs1 = await tree.locator('.wrow.replicaset').getAttribute('data-name');
  expect(firstPod.startsWith(`${rs1}-`)).toBe(true);

  let env = await envOf(page, tree.locator('.wrow.pod').first());
  await expect(env.locator('td').nth(1)).toContainText('old');

  await type(page, `kubectl patch secret db-creds -p '{"stringData":{"password":"new"}}'`);
  await expect(page.locator('#transcript')).toContainText('secret/db-creds patched');
  await type(page, 'sleep 300');
  await page.locator('#tab-resources').click();
  env = await envOf(page, page.locator(`#workloads .wrow.pod[data-name="${firstPod}"]`));
  await expect(env.locator('td').nth(1)).toContainText('old');
  await expect(env.locator('.stale .now')).toHaveText('new');

  await type(page, 'kubectl rollout restart deployment/web');
  await expect(page.locator('#transcript')).toContainText('deployment.apps/web restarted');
  await type(page, 'kubectl rollout status deployment/web');
  await expect(page.locator('#transcript')).toContainText('deployment "web" successfully rolled out');
  await type(page, 'kubeplay idle');

  await page.locator('#tab-resources').click();
  const current = tree.locator('.wrow.replicaset:not(.old)');
  await expect(current.locator('.wdetail')).toHaveText('revision 2');
  await expect(tree.locator('.wrow.replicaset.old .wready')).toHaveText('0/0');
  const rs2 = await current.getAttribute('data-name');
  expect(rs2).not.toBe(rs1);
  const newPods = tree.locator('.wrow.pod:not(.old)');
  await expect(newPods).toHaveCount(2);
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `workloads-${scheme}.png`) });
  }
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(SHOTS, 'workloads-phone.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });

  const newPod = await newPods.first().getAttribute('data-name');
  expect(newPod.startsWith(`${rs2}-`)).toBe(true);
  env = await envOf(page, newPods.first());
  await expect(env.locator('td').nth(1)).toContainText('new');
  await expect(env.locator('.stale')).toHaveCount(0);
});
