// Issue 16 item 6: zero axe-core violations on every view, in light and dark mode (WCAG 2.x A/AA
// rules, colour contrast included), with the docs' example applied and run, so every view has
// content; also the welcome, a lesson with its goals, and the console after a command.
const { test, expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');

const TABS = ['lessons', 'resources', 'secret', 'pod', 'container', 'node', 'etcd', 'console'];

async function violations(page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`every view has no axe violations (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await expect(page.locator('#welcome')).toBeVisible();
    const found = {};
    found.welcome = await violations(page);
    await page.locator('#welcome-example').click();
    await page.locator('#apply').click();
    await page.locator('#run-idle').click();
    await page.locator('#tab-console').click();
    await page.locator('#console-input').fill('kubectl get secrets');
    await page.locator('#console-input').press('Enter');
    for (const t of TABS) {
      await page.locator(`#tab-${t}`).click();
      found[t] = await violations(page);
    }
    await page.locator('#tab-container').click();
    await page.locator('button[data-tab="logs"]').first().click();
    found['container logs'] = await violations(page);
    await page.locator('#editor').fill('apiVersion: v1\nkind: Secret\nmetadata:\n  name: bad\ndata:\n  k: not base64!\n');
    await page.locator('#apply').click();
    await expect(page.locator('.result.err')).toBeVisible();
    found['apply error'] = await violations(page);
    await page.locator('#tab-lessons').click();
    await page.locator('#lessons button').first().click();
    await expect(page.locator('#goals')).toBeVisible();
    found.lesson = await violations(page);
    const bad = Object.entries(found).filter(([, v]) => v.length);
    expect(bad, JSON.stringify(Object.fromEntries(bad), null, 1)).toEqual([]);
  });
}

test('the view tabs move with the arrow keys, Home and End (WAI-ARIA tabs)', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('#welcome-empty').click();
  await page.locator('#tab-resources').click();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-secret')).toBeFocused();
  await expect(page.locator('#tab-secret')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#view')).toHaveAttribute('aria-labelledby', 'tab-secret');
  await page.keyboard.press('End');
  await expect(page.locator('#tab-console')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('#tab-lessons')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('#tab-console')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.locator('#tab-lessons')).toHaveAttribute('aria-selected', 'true');
  // Only the selected tab is in the Tab order.
  await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
});

test('on a phone the step controls stay on screen wherever the page is scrolled', async ({ page }) => {
  const fs = require('fs');
  const path = require('path');
  const shots = path.join(__dirname, '..', 'test-results', 'screenshots');
  fs.mkdirSync(shots, { recursive: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator('#welcome-example').click();
  await page.locator('#apply').click();
  await page.locator('#tab-etcd').click();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  for (const id of ['#step-back', '#step', '#play', '#run-idle', '#clock']) await expect(page.locator(id)).toBeInViewport();
  await page.locator('#step').click();
  await expect(page.locator('#clock')).toContainText('step 1');
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: path.join(shots, `phone-controls-${scheme}.png`) });
  }
});
