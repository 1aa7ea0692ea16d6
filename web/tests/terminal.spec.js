// Issue 16 item 5: the console behaves as a terminal — it keeps the newest output in sight,
// `clear` wipes the screen, Tab completes names (listing the choices when ambiguous), an unknown
// command gets kubectl's `Did you mean this?`, and `--help` / `kubectl help` print kubectl's texts.
const { test, expect } = require('@playwright/test');
const fs = require('fs');
const path = require('path');

const SHOTS = path.join(__dirname, '..', 'test-results', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await page.locator('#tab-console').click();
});

async function run(page, line) {
  const input = page.locator('#console-input');
  await input.fill(line);
  await input.press('Enter');
}

// How far the transcript's bottom is from its scrolled position (0 = the newest output is in view).
async function distanceFromBottom(page) {
  return page.locator('#transcript').evaluate((el) => el.scrollHeight - el.clientHeight - el.scrollTop);
}

test('console keeps the newest output in sight and clear wipes the screen', async ({ page }) => {
  for (let i = 0; i < 8; i++) {
    await run(page, `kubectl create secret generic s${i} --from-literal=k=v${i}`);
    await expect(page.locator('#transcript')).toContainText(`secret/s${i} created`);
  }
  await run(page, 'kubectl get secrets');
  await expect(page.locator('#transcript')).toContainText('s7       Opaque   1');
  const overflow = await page.locator('#transcript').evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(overflow, 'the transcript is taller than its pane').toBeGreaterThan(50);
  expect(await distanceFromBottom(page)).toBeLessThanOrEqual(2);
  await page.screenshot({ path: path.join(SHOTS, 'terminal-scrolled.png') });
  await run(page, 'clear');
  await expect(page.locator('#transcript')).toHaveText('');
  // The history survives the clear: ↑ brings back the last command.
  await page.locator('#console-input').press('ArrowUp');
  await expect(page.locator('#console-input')).toHaveValue('clear');
  await page.locator('#console-input').press('ArrowUp');
  await expect(page.locator('#console-input')).toHaveValue('kubectl get secrets');
});

test('Tab completes resource names and lists the choices of an ambiguous prefix', async ({ page }) => {
  await run(page, 'kubectl create secret generic mysecret --from-literal=a=b');
  await run(page, 'kubectl create secret generic my-other --from-literal=a=b');
  await run(page, 'kubectl run mypod --image=busybox');
  const input = page.locator('#console-input');
  await input.fill('kubectl describe secret mys');
  await input.press('Tab');
  await expect(input).toHaveValue('kubectl describe secret mysecret');
  await input.fill('kubectl describe secret my');
  await input.press('Tab');
  await expect(input).toHaveValue('kubectl describe secret my');
  await expect(page.locator('.console .hint')).toHaveText('my-other  mysecret');
  await input.fill('kubectl exec my');
  await input.press('Tab');
  await expect(input).toHaveValue('kubectl exec mypod');
  await input.press('Enter');
  await expect(page.locator('.console .hint')).toHaveCount(0);
});

test('unknown commands get kubectl\'s suggestion; --help prints kubectl\'s text', async ({ page }) => {
  await run(page, 'kubectl gte secrets');
  await expect(page.locator('#transcript .err').last()).toHaveText('error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n');
  await run(page, 'kubectl get --help');
  await expect(page.locator('#transcript')).toContainText('Display one or many resources.');
  await expect(page.locator('#transcript')).toContainText('Use "kubectl options" for a list of global command-line options (applies to all commands).');
  expect(await distanceFromBottom(page)).toBeLessThanOrEqual(2);
  await run(page, 'clear');
  await run(page, 'kubectl help create secret generic');
  await expect(page.locator('#transcript .out').last()).toContainText('Create a secret based on a file, directory, or specified literal value.');
  for (const [name, w, h, scheme] of [['desktop', 1280, 800, 'light'], ['phone', 375, 800, 'light'], ['desktop-dark', 1280, 800, 'dark'], ['phone-dark', 375, 800, 'dark']]) {
    await page.setViewportSize({ width: w, height: h });
    await page.emulateMedia({ colorScheme: scheme });
    await page.locator('#console-input').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `terminal-help-${name}.png`) });
  }
});
