import { defineConfig } from '@playwright/test'
import { chromiumArgs, findChromium } from './tests/e2e/chromium'
import { rpcPort, webPort } from './tests/e2e/ports'

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // Pages wait on anvil and the database; 2 shared cores answer slower than a laptop.
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${webPort}`,
    headless: true,
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    trace: 'retain-on-failure',
  },
  outputDir: '.arbor/test-results/playwright',
  webServer: {
    // The same stack as `npm run dev`, started clean, serving the production build.
    command: `node --import tsx scripts/dev.ts --prod --fresh --port ${webPort} --rpc-port ${rpcPort}`,
    url: `http://127.0.0.1:${webPort}`,
    env: { ARBOR_DATA_DIR: '.arbor/e2e' },
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
})
