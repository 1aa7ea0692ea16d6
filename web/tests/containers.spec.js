// Containers run (issue 10): the docs' dotfiles pod runs `ls -l`, logs the listing and, under the
// default restartPolicy, lands in CrashLoopBackOff; the container view shows the process and a
// Logs tab holding what `kubectl logs` prints; the browser's logs equal the native CLI's.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const os = require('os');
const path = require('path');

const DOTFILES = `apiVersion: v1
kind: Secret
metadata:
  name: dotfile-secret
data:
  .secret-file: dmFsdWUtMg0KDQo=
---
apiVersion: v1
kind: Pod
metadata:
  name: secret-dotfiles-pod
spec:
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command:
    - ls
    - "-l"
    - "/etc/secret-volume"
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
`;

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

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

async function consoleRun(page, line) {
  await page.locator('#tab-console').click();
  const input = page.locator('#console-input');
  await input.fill(line);
  await input.press('Enter');
}

test('the dotfiles pod: step to CrashLoopBackOff, read its listing in the Logs tab and with kubectl logs', async ({ page }) => {
  await apply(page, DOTFILES);
  await expect(page.locator('#apply-results')).toContainText('pod/secret-dotfiles-pod created');
  let status = '';
  for (let i = 0; i < 200 && status !== 'CrashLoopBackOff'; i++) {
    await page.locator('#step').click();
    status = await podStatus(page);
  }
  expect(status).toBe('CrashLoopBackOff');
  await expect(page.locator('#timeline')).toContainText('Back-off restarting failed container dotfile-test-container in pod secret-dotfiles-pod_default(');
  await page.locator('#tab-container').click();
  const c = page.locator('section.container[data-container="dotfile-test-container"]');
  await expect(c.locator('.cmdline')).toHaveText('ls -l /etc/secret-volume');
  await expect(c.locator('.process-state')).toHaveText('Waiting: CrashLoopBackOff');
  await expect(c.locator('.exit-code')).toHaveText('0');
  await expect(c.locator('.last-state')).toHaveText('Terminated: Completed (exit code 0)');
  expect(Number(await c.locator('.restarts').textContent())).toBeGreaterThanOrEqual(1);
  await c.locator('button[data-tab="logs"]').click();
  // busybox's `ls -l` of a directory holding only a dotfile: the docs' point.
  await expect(c.locator('pre.log').first()).toHaveText('total 0');
  await expect(c.locator('.log-command')).toHaveText('$ kubectl logs secret-dotfiles-pod -c dotfile-test-container');
  for (const [w, h, scheme, name] of [[1280, 720, 'light', 'desktop-light'], [1280, 720, 'dark', 'desktop-dark'],
    [390, 844, 'light', 'phone-light'], [390, 844, 'dark', 'phone-dark']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `container-logs-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  await consoleRun(page, 'kubectl logs secret-dotfiles-pod');
  await expect(page.locator('#transcript .out').last()).toHaveText('total 0');
  await consoleRun(page, 'kubectl get pods');
  await expect(page.locator('#transcript .out').last()).toContainText('CrashLoopBackOff');
});

test('the browser (wasm32) and the CLI (native) write byte-identical container logs and event times', async ({ page }) => {
  const { execFileSync } = require('child_process');
  const targetDir = process.env.CARGO_TARGET_DIR || path.join(__dirname, '..', '..', 'target');
  const bin = path.join(targetDir, 'debug', 'kubeplay');
  test.skip(!fs.existsSync(bin), 'needs the native CLI (scripts/test.sh builds it first)');
  const manifest = `apiVersion: v1
kind: Secret
metadata:
  name: creds
stringData:
  SECRET_USERNAME: admin
---
apiVersion: v1
kind: Pod
metadata:
  name: printer
spec:
  restartPolicy: Never
  volumes:
  - name: v
    secret:
      secretName: creds
  containers:
  - name: printer
    image: busybox:1.36
    command: ["sh", "-c", "env; ls -la /etc/creds; sleep 7; echo done; exit 3"]
    envFrom:
    - secretRef:
        name: creds
    volumeMounts:
    - name: v
      mountPath: /etc/creds
`;
  const file = path.join(os.tmpdir(), `kubeplay-logs-${process.pid}.yaml`);
  fs.writeFileSync(file, manifest);
  const native = JSON.parse(execFileSync(bin, ['run', '--output', 'json', file]).toString());
  fs.unlinkSync(file);
  await apply(page, manifest);
  await page.locator('#run-idle').click();
  await expect.poll(() => podStatus(page)).toBe('Error');
  await page.locator('#tab-container').click();
  const c = page.locator('section.container[data-container="printer"]');
  await expect(c.locator('.exit-code')).toHaveText('3');
  await c.locator('button[data-tab="logs"]').click();
  const browserLog = await c.locator('pre.log').first().textContent();
  const nativeLog = native.pods[0].containers[0].logs.join('\n');
  expect(nativeLog).toContain('SECRET_USERNAME=admin');
  expect(nativeLog).toContain('done');
  expect(browserLog).toBe(nativeLog);
  // The Kubernetes Events only (not the steps inside the kubelet), at their exact times (the row
  // shows them rounded to a tenth of a second; the exact time is its tooltip).
  await page.locator('#timeline-filter').selectOption('events');
  const rows = await page.locator('#timeline .event').evaluateAll((els) => els.map((e) => [
    e.querySelector('.t').title, e.querySelector('.reason').textContent, e.querySelector('.msg').textContent]));
  expect(rows).toEqual(native.events.map((e) => [e.time, e.reason, e.message]));
});

test('the image-pull-secrets lesson: ImagePullBackOff first, Running once regcred holds the right password', async ({ page }) => {
  await page.locator('#tab-lessons').click();
  await page.locator('li[data-lesson="image-pull-secrets"] button').click();
  const goals = page.locator('#goals');
  await expect(goals).toBeVisible();
  await expect(goals.locator('.goal')).toHaveCount(4);
  await expect(goals.locator('.goal.met')).toHaveCount(0);
  expect(await podStatus(page)).toBe('ImagePullBackOff');
  await consoleRun(page, 'kubectl describe pod private-app');
  await expect(page.locator('#transcript .out').last()).toContainText('Warning  FailedToRetrieveImagePullSecret');
  await expect(page.locator('#transcript .out').last()).toContainText('no basic auth credentials');
  await expect(goals.locator('.goal.met')).toHaveCount(1);
  // A wrong password: the registry answers 401 at the next attempt.
  await consoleRun(page, 'kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=wrong');
  await expect(goals.locator('.goal.met')).toHaveCount(2);
  await consoleRun(page, 'sleep 120');
  await consoleRun(page, 'kubectl describe pod private-app');
  await expect(page.locator('#transcript .out').last()).toContainText('401 Unauthorized');
  expect(await podStatus(page)).not.toBe('Running');
  await consoleRun(page, 'kubectl delete secret regcred');
  await consoleRun(page, 'kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pa55');
  await consoleRun(page, 'sleep 300');
  await expect(goals.locator('.goal.met')).toHaveCount(4);
  expect(await podStatus(page)).toBe('Running');
  await page.screenshot({ path: path.join(SHOTS, 'lesson-image-pull-secrets.png') });
  await page.locator('#tab-lessons').click();
  await expect(page.locator('li[data-lesson="image-pull-secrets"] .tick')).toHaveText('✓');
});

test('kubectl get pods -w keeps printing rows as the learner applies and steps, until Ctrl+C', async ({ page }) => {
  await consoleRun(page, 'kubectl get pods -w');
  // An empty list prints nothing; the console shows the command is running and how to stop it.
  await expect(page.locator('#console-stop')).toBeVisible();
  await expect(page.locator('#console-run')).toHaveCount(0);
  await expect(page.locator('#console-input')).toHaveAttribute('placeholder', /Ctrl\+C/);
  await apply(page, DOTFILES);
  await page.locator('#tab-console').click();
  const out = page.locator('#transcript .out').last();
  await expect(out).toHaveText(/^NAME +READY +STATUS +RESTARTS +AGE\nsecret-dotfiles-pod +0\/1 +Pending +0 +0s\n$/);
  let status = '';
  for (let i = 0; i < 200 && status !== 'CrashLoopBackOff'; i++) {
    await page.locator('#step').click();
    status = await podStatus(page);
  }
  expect(status).toBe('CrashLoopBackOff');
  await page.locator('#tab-console').click();
  await expect(out).toContainText('ContainerCreating');
  await expect(out).toContainText('Completed');
  const rows = (await out.textContent()).trimEnd().split('\n');
  expect(rows[rows.length - 1]).toMatch(/^secret-dotfiles-pod +0\/1 +CrashLoopBackOff +1 \(\d+s ago\) +\d+s$/);
  // The watch's rows stay aligned with its first table where they fit (kubectl's tabwriter widths).
  expect(rows[1].indexOf('Pending')).toBe(rows[0].indexOf('STATUS'));
  for (const [w, h, scheme, name] of [[1280, 720, 'light', 'desktop-light'], [390, 844, 'dark', 'phone-dark']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(SHOTS, `console-watch-${name}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.emulateMedia({ colorScheme: 'light' });
  // Ctrl+C in the console: the terminal's ^C, and the prompt is back.
  await page.locator('#console-input').press('Control+c');
  await expect(out).toHaveText(/\^C\n$/);
  await expect(page.locator('#console-run')).toBeVisible();
  await expect(page.locator('#console-stop')).toHaveCount(0);
  const stopped = await out.textContent();
  await page.locator('#step').click();
  await page.locator('#tab-console').click();
  await expect(out).toHaveText(stopped);
  // A container waiting to restart: `logs -f` prints the last run's log and returns at once.
  await consoleRun(page, 'kubectl logs -f secret-dotfiles-pod');
  await expect(page.locator('#transcript .out').last()).toHaveText('total 0\n');
  await expect(page.locator('#console-run')).toBeVisible();
  // Nothing is lost on reload: the streamed rows and the ^C come back from the saved recipe.
  await page.reload();
  await page.locator('#tab-console').click();
  await expect(page.locator('#transcript .out').nth(-2)).toHaveText(stopped);
});
