// The node authorizer's graph in the node view (issue 14, point 3), in real Chromium: with a pod
// on node-1 that mounts db-pass and reads api-key into env, node-1's view lists both secrets with
// the edge secret → pod → node and where the pod refers to each, the pod's service account, and
// the refused secret with the authorizer's reason, at desktop and phone width, light and dark.
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

const POD = JSON.stringify({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: {
    containers: [{
      name: 'web',
      image: 'nginx',
      env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api-key', key: 'key' } } }],
      volumeMounts: [{ name: 'db', mountPath: '/etc/db' }],
    }],
    volumes: [{ name: 'db', secret: { secretName: 'db-pass' } }],
  },
});

test('node view: the secrets node-1 may read, and why', async ({ page }) => {
  await type(page, 'kubectl create secret generic db-pass --from-literal=password=s3cr3t');
  await type(page, 'kubectl create secret generic api-key --from-literal=key=k3y');
  await type(page, 'kubectl create secret generic unused --from-literal=x=y');
  await type(page, `echo '${POD}' | kubectl apply -f -`);
  await expect(page.locator('#transcript')).toContainText('pod/web created');
  await page.locator('#run-idle').click();
  await page.locator('#tab-node').click();

  const graph = page.locator('#node-graph');
  await expect(graph.locator('.graph-user')).toContainText('system:node:node-1');
  const db = graph.locator('#node-graph-secrets li.graph-obj[data-name="default/db-pass"]');
  await expect(db).toContainText('secret/db-pass');
  await expect(db.locator('li.graph-edge[data-pod="web"]')).toContainText('secret volume');
  await expect(db.locator('li.graph-edge[data-pod="web"]')).toContainText('volume db');
  await expect(db.locator('li.graph-edge[data-pod="web"]')).toContainText('→ pod/web → node/node-1');
  const key = graph.locator('#node-graph-secrets li.graph-obj[data-name="default/api-key"]');
  await expect(key.locator('li.graph-edge')).toContainText('container web env API_KEY');
  await expect(graph.locator('#node-graph-sas li.graph-obj[data-name="default/default"]')).toContainText('serviceaccount/default');
  const refused = graph.locator('#node-graph-refused');
  await expect(refused.locator('li[data-name="default/unused"]')).toContainText("no relationship found between node 'node-1' and this object");
  await expect(refused.locator('li[data-kind="list"]')).toContainText('No Object name found');
  await expect(graph.locator('#node-graph-secrets li.graph-obj')).toHaveCount(2);

  // What the view says is what the API server answers to that kubelet.
  await type(page, 'kubectl get secret unused --as=system:node:node-1 --as-group=system:nodes');
  await expect(page.locator('#transcript')).toContainText("no relationship found between node 'node-1' and this object");

  await page.locator('#tab-node').click();
  await graph.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'node-graph.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, 'node-graph-dark.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await graph.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'node-graph-phone-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(SHOTS, 'node-graph-phone.png') });
  // No horizontal overflow at phone width.
  const overflow = await graph.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The secret's name opens the secret view.
  await db.locator('button.link').first().click();
  await expect(page.locator('#tab-secret')).toHaveAttribute('aria-selected', 'true');
});
