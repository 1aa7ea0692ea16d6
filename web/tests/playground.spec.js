// The playground as a person uses it: paste, apply, step, inspect, reload, share.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
`;
const POD = `apiVersion: v1
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

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

// (f) No request may leave for another origin.
let foreign = [];
test.beforeEach(async ({ page, baseURL }) => {
  foreign = [];
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(baseURL) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('pageerror', (e) => foreign.push('pageerror: ' + e.message));
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.locator('#editor')).toBeVisible();
});
test.afterEach(async () => {
  expect(foreign, 'requests to other origins or page errors').toEqual([]);
});

async function apply(page, text) {
  await page.locator('#editor').fill(text);
  await page.locator('#apply').click();
}

async function podStatus(page) {
  await page.locator('#tab-resources').click();
  return (await page.locator('.pod-row .status').first().textContent()) || '';
}

test('(a) a mounted secret shows up as a file the container reads', async ({ page }) => {
  await apply(page, SECRET + '---\n' + POD);
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
  await expect(page.locator('#apply-results')).toContainText('pod/mypod created');
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  await page.screenshot({ path: path.join(SHOTS, 'resources.png') });
  await page.locator('#tab-container').click();
  const row = page.locator('div.file[data-path="/etc/foo/username"]');
  await expect(row.locator('pre.content')).toHaveText('admin');
  await expect(row.locator('code.mode')).toHaveText('-rw-r--r--');
  await page.screenshot({ path: path.join(SHOTS, 'container.png') });
  await page.locator('#tab-node').click();
  await expect(page.locator('#node-tree')).toContainText('..data -> ..2026_01_01_');
  await page.screenshot({ path: path.join(SHOTS, 'node.png') });
  await page.locator('#tab-etcd').click();
  await expect(page.locator('#etcd-view')).toContainText('/registry/secrets/default/mysecret');
  await page.screenshot({ path: path.join(SHOTS, 'etcd.png') });
  await page.locator('#tab-secret').click();
  await page.locator('#reveal').click();
  await expect(page.locator('#secret-view')).toContainText('1f2d1e2e67df');
  await page.locator('#tab-pod').click();
  await expect(page.locator('#pod-view')).toContainText('Successfully assigned default/mypod to node-1');
  await page.screenshot({ path: path.join(SHOTS, 'pod.png'), fullPage: true });
});

test('(b) without the secret the pod waits with FailedMount, then starts once it exists', async ({ page }) => {
  await apply(page, POD);
  await page.locator('#run-idle').click();
  await expect(page.locator('#timeline')).toContainText('FailedMount');
  await expect(page.locator('#timeline')).toContainText('MountVolume.SetUp failed for volume "foo" : secret "mysecret" not found');
  expect(await podStatus(page)).toBe('ContainerCreating');
  await page.screenshot({ path: path.join(SHOTS, 'failed-mount.png') });
  await apply(page, SECRET);
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
  for (let i = 0; i < 300 && (await podStatus(page)) !== 'Running'; i++) {
    await page.locator('#step').click();
  }
  expect(await podStatus(page)).toBe('Running');
});

test('(c) step back restores the earlier state', async ({ page }) => {
  await apply(page, SECRET + '---\n' + POD);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  const events = await page.locator('#timeline .event').count();
  for (let i = 0; i < 3; i++) await page.locator('#step-back').click();
  await expect.poll(() => podStatus(page)).not.toBe('Running');
  expect(await page.locator('#timeline .event').count()).toBeLessThan(events);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
});

test('(d) reload keeps the editor text and the state', async ({ page }) => {
  await apply(page, SECRET + '---\n' + POD);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  const clock = await page.locator('#clock').textContent();
  await page.reload();
  await expect(page.locator('#editor')).toHaveValue(SECRET + '---\n' + POD);
  await expect(page.locator('#clock')).toHaveText(clock);
  expect(await podStatus(page)).toBe('Running');
});

test('(e) invalid YAML shows the error at its line and the app keeps working', async ({ page }) => {
  await apply(page, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n data: x\n');
  const err = page.locator('#apply-results .result.err');
  await expect(err).toContainText('error converting YAML to JSON');
  await expect(page.locator('.gutter .ln.err')).toHaveText('5');
  await page.screenshot({ path: path.join(SHOTS, 'yaml-error.png') });
  await apply(page, 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: bad!\n');
  await expect(page.locator('#apply-results')).toContainText('illegal base64 data at input byte 3');
  // A validation error points at the field it names.
  await apply(page, POD.replace('secretName: mysecret', 'secretName: mysecret\n      defaultMode: 512'));
  // As upstream: a volume with an error is not known to the mounts, so they fail too.
  await expect(page.locator('#apply-results')).toContainText('The Pod "mypod" is invalid: \n* spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive\n* spec.containers[0].volumeMounts[0].name: Not found: "foo"');
  await expect(page.locator('.gutter .ln.err')).toHaveText('17');
  await apply(page, SECRET);
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
});

test('console: kubectl commands print what kubectl prints', async ({ page }) => {
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill('kubectl create secret generic demo --from-literal=token=s3cr3t');
  await input.press('Enter');
  await expect(page.locator('#transcript')).toContainText('secret/demo created');
  await input.fill("kubectl get secret demo -o jsonpath='{.data.token}' | base64 --decode");
  await input.press('Enter');
  await expect(page.locator('#transcript')).toContainText('s3cr3t');
  await input.fill('kubectl get secrets');
  await input.press('Enter');
  await expect(page.locator('#transcript')).toContainText('demo   Opaque   1');
  await page.screenshot({ path: path.join(SHOTS, 'console.png') });
  // Output links objects to their views.
  await page.locator('#transcript .obj-link', { hasText: 'secret/demo' }).first().click();
  await expect(page.locator('#secret-view')).toContainText('secret/demo');
  await expect(page.locator('#secret-view')).toContainText('6 bytes');
});

test('share link opens the same state in a fresh profile; Korean UI', async ({ page, browser, baseURL }) => {
  await apply(page, SECRET + '---\n' + POD);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  await page.locator('#copy-link').click();
  const url = await page.locator('#share-url').textContent();
  expect(url.startsWith(baseURL + '/#v1.')).toBeTruthy();
  const clock = await page.locator('#clock').textContent();
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherForeign = [];
  other.on('request', (r) => { if (!r.url().startsWith(baseURL)) otherForeign.push(r.url()); });
  await other.goto(url);
  await expect(other.locator('#editor')).toHaveValue(SECRET + '---\n' + POD);
  await expect(other.locator('#clock')).toHaveText(clock);
  await other.locator('#tab-container').click();
  await expect(other.locator('div.file[data-path="/etc/foo/username"] pre.content')).toHaveText('admin');
  await other.locator('#lang').selectOption('ko');
  await expect(other.locator('#apply')).toHaveText('적용');
  await expect(other.locator('html')).toHaveAttribute('lang', 'ko');
  await other.screenshot({ path: path.join(SHOTS, 'korean.png') });
  await other.goto(baseURL + '/#v1.broken-link');
  await expect(other.locator('#link-error')).toBeVisible();
  expect(otherForeign).toEqual([]);
  await fresh.close();
});

test('a share link opens beside the saved work, even a broken one, and the work is one click away', async ({ page }) => {
  await apply(page, SECRET);
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret created');
  await page.goto('/#v1.garbage');
  await expect(page.locator('#link-error')).toBeVisible();
  await expect(page.locator('#set-aside')).toContainText('This link opened beside your own work, which is kept.');
  await expect(page.locator('#editor')).toHaveValue('');
  await page.screenshot({ path: path.join(SHOTS, 'set-aside.png') });
  // A reload still offers it (it lives under its own storage key).
  await page.goto('/');
  await expect(page.locator('#set-aside')).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(SHOTS, 'set-aside-phone-dark.png') });
  await page.locator('#restore-previous').click();
  await expect(page.locator('#editor')).toHaveValue(SECRET);
  await page.locator('#tab-resources').click();
  await expect(page.locator('#resources')).toContainText('mysecret');
});

test('readable on a phone, dark theme follows the system, keyboard reaches the controls', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await apply(page, SECRET + '---\n' + POD);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(15, 18, 22)');
  await page.screenshot({ path: path.join(SHOTS, 'phone-dark.png'), fullPage: true });
  // Keyboard: Ctrl+Enter in the editor applies; Tab moves focus to the next control.
  await page.locator('#editor').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.locator('#apply-results')).toContainText('secret/mysecret unchanged');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.tagName);
  expect(['BUTTON', 'SELECT', 'INPUT', 'TEXTAREA', 'DIV']).toContain(focused);
});

test('lessons: goals tick live as the learner works, progress is remembered', async ({ page }) => {
  await page.locator('#tab-lessons').click();
  await page.locator('li[data-lesson="create-from-literals"] button').click();
  const goals = page.locator('#goals');
  await expect(goals).toBeVisible();
  await expect(goals.locator('.goal.met')).toHaveCount(0);
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill('kubectl create secret generic prod-db-secret --from-literal=username=produser --from-literal=password=Y4nys7f11');
  await input.press('Enter');
  await expect(goals.locator('.goal.met')).toHaveCount(1);
  await input.fill('kubectl describe secret prod-db-secret');
  await input.press('Enter');
  await expect(goals.locator('.goal.met')).toHaveCount(2);
  // The docs' single-quote rule: unquoted, the shell eats `\` and `$zDsb`.
  await input.fill('echo S!B\\*d$zDsb=');
  await input.press('Enter');
  await expect(goals.locator('.goal.met')).toHaveCount(3);
  await input.fill("kubectl create secret generic db-user-pass --from-literal=username=devuser --from-literal=password='S!B\\*d$zDsb='");
  await input.press('Enter');
  await expect(goals.locator('.goal.met')).toHaveCount(4);
  await page.screenshot({ path: path.join(SHOTS, 'lesson.png') });
  await page.locator('#tab-lessons').click();
  await expect(page.locator('li[data-lesson="create-from-literals"] .tick')).toHaveText('✓');
  // Korean lesson text.
  await page.locator('#lang').selectOption('ko');
  await expect(goals).toContainText('리터럴 값으로 시크릿 만들기');
});

test('long lists render only the rows in view', async ({ page }) => {
  const docs = [];
  for (let i = 0; i < 1500; i++) {
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}\nspec:\n  containers:\n  - name: c\n    image: redis\n`);
  }
  // Set the text the way a paste ends (Chromium's own insertText is slow on huge textareas).
  await page.locator('#editor').evaluate((el, v) => { el.value = v; el.dispatchEvent(new InputEvent('input', { bubbles: true })); }, docs.join('---\n'));
  await page.locator('#apply').click();
  await expect(page.locator('#apply-results')).toContainText('pod/p1499 created');
  await page.locator('#tab-resources').click();
  await expect(page.locator('#resources')).toContainText('(1500)');
  const rendered = await page.locator('#pods-list .vrow').count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(40);
  await page.locator('#pods-list').evaluate((el) => { el.scrollTop = 26 * 1000; el.dispatchEvent(new Event('scroll')); });
  // The store lists pods by name: row 1000 is the 1001st name in byte order.
  const sorted = docs.map((_, i) => `p${i}`).sort();
  await expect(page.locator('#pods-list')).toContainText(sorted[1000]);
  await expect(page.locator('#pods-list')).not.toContainText(sorted[0] + 'default');
});

test('the browser (wasm32) and the CLI (native) produce the same event log for the same input', async ({ page }) => {
  const { execFileSync } = require('child_process');
  const os = require('os');
  const bin = path.join(process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target'), 'debug', 'kubeplay');
  test.skip(!fs.existsSync(bin), 'needs the native CLI (scripts/test.sh builds it first)');
  const file = path.join(os.tmpdir(), `kubeplay-det-${process.pid}.yaml`);
  fs.writeFileSync(file, POD + '---\n' + SECRET);
  const native = JSON.parse(execFileSync(bin, ['run', '--output', 'json', file]).toString());
  fs.unlinkSync(file);
  await apply(page, POD + '---\n' + SECRET);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  // The Kubernetes Events only (not the steps inside the kubelet), at their exact times (the row
  // shows them rounded to a tenth of a second; the exact time is its tooltip).
  await page.locator('#timeline-filter').selectOption('events');
  const rows = await page.locator('#timeline .event').evaluateAll((els) => els.map((e) => [
    e.querySelector('.t').title, e.querySelector('.reason').textContent, e.querySelector('.msg').textContent]));
  const want = native.events.map((e) => [e.time, e.reason, e.message]);
  expect(want.length).toBeGreaterThan(3);
  expect(rows).toEqual(want);
});

test('cluster settings replay the session: Get strategy and a shorter sync period change when updates land', async ({ page }) => {
  await apply(page, SECRET + '---\n' + POD);
  await page.locator('#settings summary').click();
  await page.locator('#set-strategy').selectOption('Get');
  await page.locator('#set-sync').fill('10');
  await page.locator('#set-nodes').fill('2');
  await page.locator('#set-apply').click();
  await expect(page.locator('#settings summary')).toContainText('2 node(s), Get, sync 10s');
  await expect(page.locator('#apply-results')).toContainText('pod/mypod created');
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Running');
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill(`kubectl patch secret mysecret -p '{"stringData":{"username":"root"}}'`);
  await input.press('Enter');
  await input.fill('sleep 16');
  await input.press('Enter');
  await input.fill('kubectl exec mypod -- cat /etc/foo/username');
  await input.press('Enter');
  await expect(page.locator('#transcript .out').last()).toHaveText('root');
  await page.reload();
  await expect(page.locator('#settings summary')).toContainText('2 node(s), Get, sync 10s');
});
