/**
 * Time to create a campaign from a CSV, upload to "ready to deploy": `importAllocations` reading
 * the file as a stream (as the upload route does), parsing, building the tree and storing
 * allocations + compact tree in Postgres. Beside it, the named baseline: reading the same file
 * with no work (`fs` stream to the end). Medians of `--runs` (3) in this process.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/airdrop/import.ts [--rows 1000000] [--runs 3]
 *
 * Prints a table, then one JSON line. While each import runs it prints what the admin's progress
 * poll would show (`getImportProgress` from the campaign's row, every 2 s) and samples this process's RSS (peak reported).
 * For 10M rows give the heap room: `node --max-old-space-size=12288 --import tsx bench/airdrop/import.ts --rows 10000000 --runs 1`.
 */
import { createReadStream, readFileSync, statSync } from 'node:fs'
import { freemem, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { importAllocations } from '../../lib/airdrop/import-allocations'
import { getImportProgress } from '../../lib/airdrop/import-progress'
import { closeHashWorkers } from '../../lib/merkle'
import { createTestDatabase } from '../../tests/support/database'
import { createBenchCampaign, writeAllocationCsv } from './allocation-csv'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const rows = option('--rows', 1_000_000)
const runs = option('--runs', 3)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * CPU milliseconds the database's server processes for this test database have used so far
 * (Postgres on this host: /proc/<backend pid>/stat); undefined when they cannot be read.
 */
async function databaseCpuMs(sql: { query: (text: string) => Promise<{ rows: { pid: number }[] }> }): Promise<number | undefined> {
  try {
    const { rows } = await sql.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database()')
    let ticks = 0
    for (const { pid } of rows) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    }
    return ticks * 10
  } catch {
    return undefined
  }
}

async function main() {
  const file = path.join(tmpdir(), `arbor-bench-allocations-${rows}.csv`)
  await writeAllocationCsv(file, rows)
  const database = await createTestDatabase()
  const baseline: number[] = []
  const phases: { phaseCpu: { parseMs: number; buildMs: number; hashMs: number; saveMs: number }; dbCpu: number; total: number; read: number; build: number; hash: number; save: number; allocations: number; cpu: number; peakRssMb: number }[] = []
  try {
    for (let run = 0; run < runs; run++) {
      let started = performance.now()
      for await (const chunk of createReadStream(file)) void chunk
      baseline.push(performance.now() - started)

      const campaign = await createBenchCampaign(database.db, `bench ${run}`, '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')
      const dbCpuBefore = await databaseCpuMs(database.sql)
      started = performance.now()
      const cpu = process.cpuUsage()
      let peakRss = process.memoryUsage.rss()
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250)
      const poller = setInterval(() => {
        void getImportProgress(database.sql, campaign.id).then((p) => {
          if (!p) return
          const build = p.build ? ` ${p.build.phase} ${p.build.done}/${p.build.total}` : ''
          process.stderr.write(
            `  ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${p.phase.padEnd(8)} rows ${p.rows}  ${(p.bytes / 1e6).toFixed(0)}/${((p.totalBytes ?? 0) / 1e6).toFixed(0)} MB${build}  rss ${Math.round(process.memoryUsage.rss() / 1e6)} MB\n`,
          )
        })
      }, 2000)
      const { timings, cpu: phaseCpu } = await importAllocations(database, undefined, {
        campaignId: campaign.id,
        body: createReadStream(file, { highWaterMark: 1 << 20 }),
        totalBytes: statSync(file).size,
        units: 'tokens',
        duplicates: 'reject',
      }).finally(() => {
        clearInterval(sampler)
        clearInterval(poller)
      })
      const end = performance.now()
      const used = process.cpuUsage(cpu)
      const dbCpuAfter = await databaseCpuMs(database.sql)
      phases.push({ phaseCpu, dbCpu: dbCpuBefore === undefined || dbCpuAfter === undefined ? NaN : dbCpuAfter - dbCpuBefore, total: end - started, read: timings.parseMs, build: timings.buildMs, hash: timings.hashMs, save: timings.saveMs, allocations: timings.allocationsMs ?? NaN, cpu: (used.user + used.system) / 1000, peakRssMb: Math.round(peakRss / 1e6) })
      process.stderr.write(`run ${run + 1}: ${Math.round(end - started)} ms\n`)
      await database.db.campaign.delete({ where: { id: campaign.id } })
    }
  } finally {
    await database.drop()
    await closeHashWorkers()
  }
  const figures = {
    rows,
    fileMb: Math.round(statSync(file).size / 1e5) / 10,
    runs,
    baselineReadMs: Math.round(median(baseline)),
    importMs: Math.round(median(phases.map((p) => p.total))),
    parseMs: Math.round(median(phases.map((p) => p.read))),
    buildMs: Math.round(median(phases.map((p) => p.build))),
    hashMs: Math.round(median(phases.map((p) => p.hash))),
    saveMs: Math.round(median(phases.map((p) => p.save))),
    allocationsMs: Math.round(median(phases.map((p) => p.allocations))),
    /** CPU of this process (main thread and hash workers), a steadier figure than wall time on a shared machine. */
    cpuMs: Math.round(median(phases.map((p) => p.cpu))),
    /** CPU of this process by phase (all threads), medians. */
    cpuByPhaseMs: Object.fromEntries((['parseMs', 'buildMs', 'hashMs', 'saveMs'] as const).map((k) => [k, Math.round(median(phases.map((p) => p.phaseCpu[k])))])),
    /** CPU of the Postgres backends serving this database (same host only; NaN otherwise). */
    databaseCpuMs: Math.round(median(phases.map((p) => p.dbCpu))),
    peakRssMb: Math.max(...phases.map((p) => p.peakRssMb)),
    freeMemMb: Math.round(freemem() / 1e6),
    database: database.kind,
    loadavg: loadavg()[0]!.toFixed(1),
  }
  console.log(`rows ${rows} (${figures.fileMb} MB), ${runs} runs, medians, ${figures.database}, load ${figures.loadavg}`)
  console.log(`  baseline: read the file, no work  ${figures.baselineReadMs} ms`)
  console.log(`  import to "ready to deploy"      ${figures.importMs} ms  (parse ${figures.parseMs}, tree ${figures.buildMs}, content hash ${figures.hashMs}, then waiting for the database ${figures.saveMs}; allocations written ${figures.allocationsMs} after the parse, beside the build; CPU here ${figures.cpuMs}, in Postgres ${figures.databaseCpuMs}; peak RSS ${figures.peakRssMb} MB)`)
  console.log(`  CPU by phase here: parse ${figures.cpuByPhaseMs.parseMs}, tree ${figures.cpuByPhaseMs.buildMs}, content hash ${figures.cpuByPhaseMs.hashMs}, save ${figures.cpuByPhaseMs.saveMs}`)
  console.log(JSON.stringify(figures))
}

await main()
