// Browser tests against the built app (dist/) in Debian's headless Chromium.
// Playwright's own browser download cannot work here: PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1.
const { defineConfig } = require('@playwright/test');

const PORT = Number(process.env.PW_PORT) || 4173; // PW_PORT lets parallel runs use their own port
module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `python3 ../scripts/serve.py ${PORT} ../dist`, // as scripts/serve.sh serves it (precompressed files)
    url: `http://127.0.0.1:${PORT}/index.html`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
