// Measures the first load of the built app (dist/) in headless Chromium on localhost, with the
// Performance API: bytes transferred (compressed, as scripts/serve.py sends them) and the time
// from navigation start until the app is interactive (the editor exists and accepts input).
// Reported, never asserted. Usage (after scripts/build-web.sh): node web/perf/tti.js [RUNS]
const { chromium } = require('@playwright/test');
const { spawn } = require('child_process');
const path = require('path');

const PORT = 4199;
const runs = Number(process.argv[2]) || 7;

(async () => {
  const root = path.join(__dirname, '..', '..');
  const server = spawn('python3', [path.join(root, 'scripts', 'serve.py'), String(PORT), path.join(root, 'dist')]);
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const times = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(); // a cold cache every run
    const page = await context.newPage();
    // Note the moment the editor appears (the app mounted) without polling.
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.getElementById('editor')) {
          performance.mark('app-interactive');
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForSelector('#editor');
    await page.locator('#editor').fill('x');
    const m = await page.evaluate(() => {
      const mark = performance.getEntriesByName('app-interactive')[0];
      const transferred = performance.getEntriesByType('resource').reduce((n, r) => n + r.transferSize, 0)
        + performance.getEntriesByType('navigation')[0].transferSize;
      return { tti: mark.startTime, transferred };
    });
    times.push(m.tti);
    bytes = m.transferred;
    await context.close();
  }
  await browser.close();
  server.kill();
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`first load: ${bytes} bytes transferred; time to interactive: median ${median.toFixed(0)} ms `
    + `(min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)}) over ${runs} cold loads`);
})();
