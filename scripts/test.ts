/**
 * `npm test`: the whole suite, in the order that fails fastest.
 *
 *   0. ESLint (also the rule that keeps process.env inside lib/env.ts)
 *   1. vitest: unit tests beside the code, integration tests in tests/ (real Postgres when
 *      TEST_DATABASE_URL is set, PGlite otherwise; real anvil)
 *   2. next build, then Playwright in Chromium against that build served as `npm start` serves it
 *      (dev.ts --prod: scripts/start.ts, Next behind the overload gate)
 *
 * Extra arguments go to vitest (`npm test -- lib/merkle`); `--no-browser` runs step 1 only and
 * says so. The last line is `Tests: N passed, N failed, N skipped` over both runners.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { findChromium } from '../tests/e2e/chromium'
import { createTestDatabase } from '../tests/support/database'
import { childProcessEnv, env } from '../lib/env'

const resultsDir = path.resolve('.arbor/test-results')
const args = process.argv.slice(2)
const browser = !args.includes('--no-browser')
const vitestArgs = args.filter((arg) => arg !== '--no-browser')

/** A package's command-line entry, run with this Node (package exports hide these paths from require.resolve). */
function bin(pkg: string, file: string): string {
  return path.resolve('node_modules', pkg, file)
}

type Counts = { passed: number; failed: number; notRun: number }

function run(command: string, commandArgs: string[], extraEnv: Record<string, string | undefined> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [command, ...commandArgs], {
      stdio: 'inherit',
      env: childProcessEnv(extraEnv),
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined
}

function vitestCounts(file: string): Counts {
  const report = readJson(file) as
    | { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number }
    | undefined
  return {
    passed: report?.numPassedTests ?? 0,
    failed: report?.numFailedTests ?? 0,
    notRun: (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0),
  }
}

function playwrightCounts(file: string): Counts {
  const report = readJson(file) as
    | { stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } }
    | undefined
  const stats = report?.stats ?? {}
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, notRun: stats.skipped ?? 0 }
}

async function main(): Promise<number> {
  await rm(resultsDir, { recursive: true, force: true })
  await mkdir(resultsDir, { recursive: true })
  const total: Counts = { passed: 0, failed: 0, notRun: 0 }
  let failedSteps = 0

  const chromium = browser ? findChromium() : undefined
  if ((await run(bin('eslint', 'bin/eslint.js'), ['.'])) !== 0) {
    process.stdout.write('ESLint found errors (above).\n')
    failedSteps++
  }
  const vitestJson = path.join(resultsDir, 'vitest.json')
  const vitestCode = await run(bin('vitest', 'vitest.mjs'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
    ...vitestArgs,
  ])
  const unit = vitestCounts(vitestJson)
  total.passed += unit.passed
  total.failed += unit.failed
  total.notRun += unit.notRun
  if (vitestCode !== 0) failedSteps++

  if (!browser) {
    process.stdout.write('Browser tests not run (--no-browser).\n')
  } else if (chromium === undefined) {
    process.stdout.write(
      'Browser tests FAILED: no Chromium found. Install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH.\n',
    )
    failedSteps++
    total.failed++
  } else {
    // The browser's chain is baked into the build: the e2e stack's anvil (playwright.config.ts).
    const buildCode = await run(bin('next', 'dist/bin/next'), ['build'], {
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_PUBLIC_RPC_URL: `http://127.0.0.1:${env.E2E_RPC_PORT}`,
      NEXT_PUBLIC_CHAIN_ID: '31337',
    })
    if (buildCode !== 0) {
      process.stdout.write('next build failed: browser tests not run.\n')
      failedSteps++
      total.failed++
    } else {
      const database = env.TEST_DATABASE_URL ? await createTestDatabase({ serverUrl: env.TEST_DATABASE_URL }) : undefined
      const playwrightJson = path.join(resultsDir, 'playwright.json')
      const e2eCode = await run(bin('@playwright/test', 'cli.js'), ['test'], {
        CHROMIUM_PATH: chromium,
        // The app under test gets its own fresh database (PGlite in .arbor/e2e without a server).
        DATABASE_URL: database?.url,
        PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
      })
      await database?.drop()
      const e2e = playwrightCounts(playwrightJson)
      total.passed += e2e.passed
      total.failed += e2e.failed
      total.notRun += e2e.notRun
      if (e2eCode !== 0) failedSteps++
    }
  }

  // Cases that need TEST_DATABASE_URL are reported as todo without it: the last line counts them.
  process.stdout.write(`Tests: ${total.passed} passed, ${total.failed} failed, ${total.notRun} skipped\n`)
  return failedSteps === 0 && total.failed === 0 ? 0 : 1
}

process.exitCode = await main()
