// Issue 16 item 1: every step is visible and explained. Stepping the docs' mysecret + mypod
// example, steps 2–4 (the kubelet admits the pod, the secret manager and atomic writer lay the
// files out) each add a visible timeline entry marked "inside the kubelet", and the explanation
// follows the current step (also after Run until idle and a click).
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

const DOCS = `apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
---
apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: "/etc/foo"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
`;

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.locator('#editor').fill(DOCS);
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('pod/mypod created');
});

const rows = (page) => page.locator('#timeline .event');

test('steps 2–4 of the docs example each add a visible, explained entry inside the kubelet', async ({ page }) => {
  await page.locator('#step').click();
  await expect(rows(page)).toHaveCount(1);
  await expect(page.locator('#explain')).toContainText('scheduler');
  const want = [
    [2, 'PodAdmitted', 'admitted it'],
    [3, 'FilesWritten', '..data'],
    [4, 'FilesWritten', 'kube-api-access-'],
  ];
  let count = 1;
  for (const [step, reason, says] of want) {
    await page.locator('#step').click();
    await expect(page.locator('#clock')).toContainText(`step ${step}`);
    const n = await rows(page).count();
    expect(n, `step ${step} adds an entry`).toBeGreaterThan(count);
    count = n;
    const last = rows(page).last();
    await expect(last).toBeVisible();
    await expect(last).toHaveClass(/inside/);
    await expect(last.locator('.reason')).toHaveText(reason);
    await expect(last.locator('.ty')).toHaveText('inside the kubelet');
    await expect(page.locator('#explain')).toContainText(`step ${step}`);
    await expect(page.locator('#explain')).toContainText('Inside the kubelet:');
    await expect(page.locator('#explain')).toContainText(says);
    if (step === 3) await page.screenshot({ path: path.join(SHOTS, 'timeline-step3.png') });
  }
  // The filter: Kubernetes Events only lists what kubectl get events does.
  await page.locator('#timeline-filter').selectOption('events');
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first().locator('.reason')).toHaveText('Scheduled');
  await page.locator('#timeline-filter').selectOption('inside');
  await expect(rows(page)).toHaveCount(4);
  await page.locator('#timeline-filter').selectOption('all');
  await expect(rows(page)).toHaveCount(5);
});

test('the explanation follows Run until idle, a click, and a clock-only step; times are durations', async ({ page }) => {
  await page.locator('#run-idle').click();
  await expect(page.locator('#explain')).toContainText('only moved the clock');
  await expect(page.locator('#explain')).toContainText('nothing changed');
  await expect(page.locator('#clock')).toHaveText(/now: \+\d+m\d+\.\ds · step \d+/);
  // The newest entry is in view.
  await expect(rows(page).last()).toBeInViewport();
  await expect(rows(page).last().locator('.t')).toHaveText(/^\+\d+m\d+\.\ds$/);
  // Clicking the Scheduled event shows the cluster right after it, explained.
  await page.locator('#timeline-filter').selectOption('events');
  await rows(page).first().click();
  await expect(page.locator('#clock')).toContainText('step 1');
  await expect(page.locator('#explain')).toContainText('scheduler');
  await page.locator('#timeline-filter').selectOption('all');
  // The next step is explained, not the old click.
  await page.locator('#step').click();
  await expect(page.locator('#explain')).toContainText('admitted it');
  for (const [name, w, scheme] of [['desktop', 1280, 'light'], ['phone', 375, 'light'], ['desktop-dark', 1280, 'dark'], ['phone-dark', 375, 'dark']]) {
    await page.setViewportSize({ width: w, height: 800 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('#timeline').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `timeline-${name}.png`) });
  }
});
