/**
 * Time to create a campaign from a CSV through the admin UI, upload to "ready to deploy", beside
 * the library path (`importAllocations` on the same file, as bench/airdrop/import.ts) measured in
 * the same process and window, so the ratio is the browser and upload overhead.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:airdrop-ui -- [--rows 1000000] [--runs 3]
 *     [--database-url postgres://…] [--port 3241] [--rpc-port 8741] [--server-heap-mb 8192] [--screens <dir>] [--no-library] [--live]
 *     [--server-cpu-prof <dir>]
 *
 * The stack is the one the browser tests use (scripts/dev.ts --prod --fresh: Postgres, anvil with
 * the contracts, the production build served as `npm start` serves it); run `next build` first
 * with `NEXT_PUBLIC_RPC_URL=http://127.0.0.1:<rpc-port>`. Debian Chromium (tests/e2e/chromium.ts)
 * is driven with playwright-core: sign in as admin with the injected anvil wallet, fill the
 * details form, set the file on the file input, click upload, until the campaign page shows the
 * recipients, total, root and distributor address. Runs alternate: library, UI, library, UI, …
 *
 * Per UI run it prints the phases the admin sees (the page's progress elements, recorded in the
 * page by a MutationObserver, ms since the file was set), and the CPU of the web server process
 * and of the Postgres backends of its database. `--screens <dir>` adds one untimed run that takes
 * screenshots (1280 and 390 wide) of each progress phase and of the review. `--live` prints what
 * the page shows while it runs (every 10 s), with the web server's RSS: for 10M rows,
 * `--rows 10000000 --runs 1 --no-library --live --server-heap-mb 12288`. `--server-cpu-prof <dir>`
 * writes the web server's CPU profile there when the stack stops (cpu-profile-preload.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createReadStream, mkdirSync, readFileSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { chromium, type Page } from 'playwright-core'
import { importAllocations } from '../../lib/airdrop/import-allocations'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { childProcessEnv, env } from '../../lib/env'
import { closeHashWorkers } from '../../lib/merkle'
import { chromiumArgs, findChromium } from '../../tests/e2e/chromium'
import { injectWallet } from '../../tests/e2e/inject-wallet'
import { createTestDatabase, type TestDatabase } from '../../tests/support/database'
import { createBenchCampaign, writeAllocationCsv } from './allocation-csv'

const { values: flags } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    'database-url': { type: 'string' },
    port: { type: 'string', default: String(env.E2E_WEB_PORT) },
    'rpc-port': { type: 'string', default: String(env.E2E_RPC_PORT) },
    'server-heap-mb': { type: 'string', default: '8192' },
    screens: { type: 'string' },
    'no-library': { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
    'server-cpu-prof': { type: 'string' },
  },
})
const rows = Number(flags.rows)
const runs = Number(flags.runs)
const webPort = Number(flags.port)
const rpcPort = Number(flags['rpc-port'])
const serverUrl = flags['database-url'] ?? env.TEST_DATABASE_URL
const baseURL = `http://127.0.0.1:${webPort}`
const admin = devAccounts[0].address
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const profileDir = flags['server-cpu-prof'] && path.resolve(flags['server-cpu-prof'])
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** CPU ms (user + system) a process has used so far, from /proc; undefined when unreadable. */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

/** Resident memory of a process in MB, from /proc; NaN when unreadable. */
function rssMb(pid: number | undefined): number {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1]) / 1024)
  } catch {
    return NaN
  }
}

/** CPU ms of the Postgres backends serving `database` so far (same host only). */
async function databaseCpuMs(database: TestDatabase): Promise<number | undefined> {
  const { rows: backends } = await database.sql.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
  let total = 0
  for (const { pid } of backends) total += processCpuMs(pid) ?? 0
  return total
}

type Stack = { process: ChildProcess; webPid: number | undefined; token: string; stop: () => Promise<void> }

/** scripts/dev.ts --prod --fresh on the given database: what the browser tests run (playwright.config.ts). */
async function startStack(databaseUrl: string): Promise<Stack> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', '--prod', '--fresh', '--port', String(webPort), '--rpc-port', String(rpcPort)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childProcessEnv({
      ARBOR_DATA_DIR: '.arbor/bench-ui',
      DATABASE_URL: databaseUrl,
      // the import runs in the web server: a 10M-row file needs ~7 GB of heap
      NODE_OPTIONS: `--max-old-space-size=${flags['server-heap-mb']}${profileDir ? ` --import ${path.resolve('bench/airdrop/cpu-profile-preload.mjs')}` : ''}`,
      ...(profileDir && { ARBOR_CPU_PROFILE_DIR: profileDir }),
    }),
  })
  let out = ''
  let webPid: number | undefined
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString()
      const token = /token\s+(0x[0-9a-fA-F]{40})/.exec(out)
      if (out.includes('Arbor is running') && token) resolve(token[1]!)
    })
    child.stderr!.on('data', (data: Buffer) => {
      const text = data.toString()
      const pid = /web: .*\(pid (\d+)\)/.exec(text)
      if (pid) webPid = Number(pid[1])
      if (/\[arbor\]|error|Error/.test(text)) process.stderr.write(`  stack: ${text}`)
    })
    child.once('exit', (code) => reject(new Error(`the stack exited (${code}) before it was ready:\n${out}`)))
  })
  const token = await ready
  return {
    process: child,
    webPid,
    token,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    },
  }
}

/** `YYYY-MM-DDTHH:mm` in this process's (and the browser's) time zone, for `datetime-local`. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

type Sample = [at: number, text: string]

/** Records, in the page, every change of the progress elements' text (epoch ms), until the page is left. */
async function watchProgress(page: Page): Promise<void> {
  // a string, not a function: tsx would wrap the function's inner closures in a helper the page lacks
  await page.evaluate(`(() => {
    window.__arborProgress = []
    let last = ''
    const record = () => {
      const text = [...document.querySelectorAll('.progress, .save-steps')].map((p) => p.innerText.replace(/\\s+/g, ' ').trim()).join(' | ')
      if (text !== last) window.__arborProgress.push([Date.now(), (last = text)])
    }
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
  })()`)
}

/** The recorded samples: every change of what is shown (numbers aside), else one a second at most. */
function timeline(samples: Sample[], from: number): string[] {
  const lines: string[] = []
  let lastLabel: string | undefined
  let lastAt = -Infinity
  for (const [at, text] of samples) {
    const label = text.replace(/[\d,.]+/g, '#')
    if (label === lastLabel && at - lastAt < 1000) continue
    lines.push(`${seconds(at - from).padStart(8)}  ${text || '(no progress shown)'}`)
    lastLabel = label
    lastAt = at
  }
  return lines
}

async function screenshot(page: Page, dir: string, name: string) {
  for (const [label, width, height] of [['desktop', 1280, 800], ['phone', 390, 844]] as const) {
    await page.setViewportSize({ width, height })
    await page.screenshot({ path: path.join(dir, `${name}-${label}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 800 })
}

type UiRun = { fileSetMs: number; linesCountedMs: number; uploadToReviewMs: number; totalMs: number; serverCpuMs: number; databaseCpuMs: number; samples: Sample[]; from: number }

/** One campaign through the UI: details form, file, upload, review. Timed from setting the file. */
async function createThroughUi(page: Page, { run, file, token, stack, database, screens }: { run: number; file: string; token: string; stack: Stack; database: TestDatabase; screens?: string }): Promise<UiRun> {
  await page.goto('/admin/campaigns/new')
  const now = Date.now()
  await page.getByLabel('Name').fill(`UI bench ${run}`)
  await page.getByLabel('Token address').fill(token)
  await page.getByLabel(/Claims open/).fill(localInput(new Date(now - 60 * 60 * 1000)))
  await page.getByLabel(/Claims close/).fill(localInput(new Date(now + 7 * 24 * 60 * 60 * 1000)))
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('heading', { name: `Allocations for UI bench ${run}` }).waitFor()
  await watchProgress(page)

  const serverCpu = processCpuMs(stack.webPid) ?? NaN
  const dbCpu = (await databaseCpuMs(database)) ?? NaN
  const from = Date.now()
  await page.getByLabel('Allocation file (CSV)').setInputFiles(file)
  const fileSet = Date.now()
  await page.getByText(/rows after the header/).waitFor({ timeout: 600_000 })
  const linesCounted = Date.now()
  await page.getByRole('button', { name: 'Upload and build the tree' }).click()
  const clicked = Date.now()
  if (screens) {
    const taken = new Set<string>()
    while (!(await page.getByTestId('recipient-count').count())) {
      const label = (await page.locator('.progress .progress-label > span:first-child').allInnerTexts().catch(() => [])).at(-1)
      const phase = label?.replace(/ \(.*/, '').toLowerCase().replace(/\W+/g, '-')
      if (phase && !taken.has(phase)) {
        taken.add(phase)
        await screenshot(page, screens, `progress-${phase}`)
      }
      await page.waitForTimeout(200)
    }
  }
  // a long import (10M rows) prints what the page shows as it goes, one line per 10 s at most
  let printed = 0
  let printedAt = 0
  const live = flags.live
    ? setInterval(() => {
        void page.evaluate('window.__arborProgress').then((samples) => {
          const fresh = (samples as Sample[]).slice(printed)
          printed += fresh.length
          const last = fresh.at(-1)
          if (last && last[0] - printedAt >= 10_000) {
            printedAt = last[0]
            process.stderr.write(`  live ${seconds(last[0] - from).padStart(8)}  ${last[1]}  (load ${loadavg()[0]!.toFixed(1)}, web server RSS ${rssMb(stack.webPid)} MB)\n`)
          }
        }, () => {})
      }, 2_000)
    : undefined
  await page.getByTestId('recipient-count').waitFor({ timeout: 3_600_000 }).finally(() => clearInterval(live))
  const done = Date.now()
  await page.getByTestId('distributor-address').waitFor()
  const samples = (await page.evaluate('window.__arborProgress')) as Sample[]
  samples.push([done, `review: ${await page.getByTestId('recipient-count').innerText()} recipients, total ${await page.getByTestId('campaign-total').innerText()}, root ${(await page.getByTestId('merkle-root').innerText()).slice(0, 10)}…, distributor ${(await page.getByTestId('distributor-address').innerText()).slice(0, 10)}…`])
  if (screens) await screenshot(page, screens, 'review')
  return {
    fileSetMs: fileSet - from,
    linesCountedMs: linesCounted - from,
    uploadToReviewMs: done - clicked,
    totalMs: done - from,
    serverCpuMs: (processCpuMs(stack.webPid) ?? NaN) - serverCpu,
    databaseCpuMs: ((await databaseCpuMs(database)) ?? NaN) - dbCpu,
    samples,
    from,
  }
}

/** The library path, as bench/airdrop/import.ts times it: `importAllocations` over a file stream. */
async function createThroughLibrary(database: TestDatabase, file: string, run: number): Promise<{ totalMs: number; cpuMs: number; databaseCpuMs: number }> {
  const campaign = await createBenchCampaign(database.db, `library ${run}`, admin)
  const dbCpu = (await databaseCpuMs(database)) ?? NaN
  const cpu = process.cpuUsage()
  const started = performance.now()
  await importAllocations(database, undefined, {
    campaignId: campaign.id,
    body: createReadStream(file, { highWaterMark: 1 << 20 }),
    totalBytes: statSync(file).size,
    units: 'tokens',
    duplicates: 'reject',
  })
  const totalMs = performance.now() - started
  const used = process.cpuUsage(cpu)
  const result = { totalMs, cpuMs: (used.user + used.system) / 1000, databaseCpuMs: ((await databaseCpuMs(database)) ?? NaN) - dbCpu }
  await database.db.campaign.delete({ where: { id: campaign.id } })
  return result
}

async function main() {
  if (!serverUrl) throw new Error('Give a Postgres server: TEST_DATABASE_URL or --database-url.')
  const executablePath = findChromium()
  if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH.')
  mkdirSync('.arbor', { recursive: true })
  if (profileDir) mkdirSync(profileDir, { recursive: true })
  const file = path.join(tmpdir(), `arbor-bench-allocations-${rows}.csv`)
  await writeAllocationCsv(file, rows)
  const fileMb = statSync(file).size / 1e6

  const appDatabase = await createTestDatabase({ serverUrl })
  const libraryDatabase = flags['no-library'] ? undefined : await createTestDatabase({ serverUrl })
  let stack: Stack | undefined
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true })
  const ui: UiRun[] = []
  const library: Awaited<ReturnType<typeof createThroughLibrary>>[] = []
  const loads: number[] = []
  try {
    stack = await startStack(appDatabase.url!)
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    // tsx keeps function names through a `__name` helper, which functions sent to the page then call
    await page.addInitScript('globalThis.__name = (f) => f')
    await injectWallet(page, { rpcUrl: `http://127.0.0.1:${rpcPort}`, account: admin })
    await page.goto('/admin')
    await page.getByTestId('dev-sign-in').click()
    await page.getByTestId('admin-address').waitFor()
    process.stderr.write(`stack up (web pid ${stack.webPid}), ${rows.toLocaleString('en-US')} rows, ${fileMb.toFixed(1)} MB, load ${loadavg()[0]!.toFixed(1)}\n`)

    for (let run = 0; run < runs; run++) {
      if (libraryDatabase) {
        const result = await createThroughLibrary(libraryDatabase, file, run)
        library.push(result)
        process.stderr.write(`run ${run + 1} library: ${seconds(result.totalMs)} (CPU here ${seconds(result.cpuMs)}, Postgres ${seconds(result.databaseCpuMs)}), load ${loadavg()[0]!.toFixed(1)}\n`)
      }
      loads.push(loadavg()[0]!)
      const result = await createThroughUi(page, { run, file, token: stack.token, stack, database: appDatabase })
      ui.push(result)
      process.stderr.write(
        `run ${run + 1} UI: ${seconds(result.totalMs)} from setting the file (lines counted in the page ${seconds(result.linesCountedMs)}, upload click → review ${seconds(result.uploadToReviewMs)}; CPU web server ${seconds(result.serverCpuMs)}, Postgres ${seconds(result.databaseCpuMs)}), load ${loadavg()[0]!.toFixed(1)}\n`,
      )
      for (const line of timeline(result.samples, result.from)) process.stderr.write(`  ${line}\n`)
    }
    if (flags.screens) {
      mkdirSync(flags.screens, { recursive: true })
      await createThroughUi(page, { run: runs, file, token: stack.token, stack, database: appDatabase, screens: flags.screens })
      process.stderr.write(`screenshots in ${flags.screens}\n`)
    }
  } finally {
    await browser.close()
    await stack?.stop()
    await appDatabase.drop()
    await libraryDatabase?.drop()
    await closeHashWorkers()
  }
  if (ui.length === 0) return
  const figures = {
    rows,
    fileMb: Math.round(fileMb * 10) / 10,
    runs,
    uiMs: Math.round(median(ui.map((r) => r.totalMs))),
    uiUploadToReviewMs: Math.round(median(ui.map((r) => r.uploadToReviewMs))),
    uiLinesCountedMs: Math.round(median(ui.map((r) => r.linesCountedMs))),
    uiServerCpuMs: Math.round(median(ui.map((r) => r.serverCpuMs))),
    uiDatabaseCpuMs: Math.round(median(ui.map((r) => r.databaseCpuMs))),
    libraryMs: library.length ? Math.round(median(library.map((r) => r.totalMs))) : null,
    libraryCpuMs: library.length ? Math.round(median(library.map((r) => r.cpuMs))) : null,
    libraryDatabaseCpuMs: library.length ? Math.round(median(library.map((r) => r.databaseCpuMs))) : null,
    loadavg: loads.map((l) => l.toFixed(1)).join(' '),
  }
  console.log(`rows ${rows} (${figures.fileMb} MB), ${runs} runs, medians, load at each UI run ${figures.loadavg}`)
  console.log(`  UI, file set → review shown      ${seconds(figures.uiMs)}  (upload click → review ${seconds(figures.uiUploadToReviewMs)}; CPU web server ${seconds(figures.uiServerCpuMs)}, Postgres ${seconds(figures.uiDatabaseCpuMs)})`)
  if (figures.libraryMs !== null) {
    console.log(`  library, importAllocations        ${seconds(figures.libraryMs)}  (CPU ${seconds(figures.libraryCpuMs!)}, Postgres ${seconds(figures.libraryDatabaseCpuMs!)})`)
    console.log(`  UI / library                      ${(figures.uiMs / figures.libraryMs).toFixed(2)}`)
  }
  console.log(JSON.stringify(figures))
}

await main()
