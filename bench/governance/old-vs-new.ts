/**
 * Old against new tally code in one process: `node --import tsx bench/governance/old-vs-new.ts
 * [--rev <git revision>] [--ballots N] [--rounds R]`. Copies `lib/governance/tally/` at `--rev`
 * (default 5a48a27, before the session-5 speed-ups) into a temporary folder, then times weighted,
 * quadratic and ranked-choice (random rankings, nearly all distinct) on the same 1M ballots,
 * old and new interleaved, in CPU time, as ratios to summing the ballots' bigint powers in the same
 * rounds. It checks that old and new give identical results before timing. Prints, asserts nothing.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { tally as newTally, type Ballot, type BallotChoice, type TallyParameters, type TallyResult } from '../../lib/governance/tally'

const { values } = parseArgs({ options: { rev: { type: 'string', default: '5a48a27' }, ballots: { type: 'string', default: '1000000' }, rounds: { type: 'string', default: '3' } } })
const N = Number(values.ballots)
const ROUNDS = Number(values.rounds)

const dir = mkdtempSync(path.join(tmpdir(), 'arbor-old-tally-'))
try {
  const files = execFileSync('git', ['ls-tree', '--name-only', values.rev, 'lib/governance/tally/'], { encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  for (const file of files) {
    const source = execFileSync('git', ['show', `${values.rev}:${file}`], { encoding: 'utf8' }).replaceAll("from '../errors'", `from '${path.resolve('lib/governance/errors')}'`)
    writeFileSync(path.join(dir, path.basename(file)), source)
  }
  const { tally: oldTally } = (await import(path.join(dir, 'tally.ts'))) as { tally: (p: TallyParameters) => TallyResult }

  let seed = 42
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const pick = (n: number) => 1 + Math.floor(Math.random() * n)
  const weights = (): BallotChoice => {
    const a = pick(4)
    const b = pick(4)
    return a === b ? { [a]: 1 } : { [a]: pick(5), [b]: pick(5) }
  }
  const ranking = (): BallotChoice => {
    const all = Array.from({ length: 10 }, (_, i) => i + 1)
    for (let i = 9; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      ;[all[i], all[j]] = [all[j]!, all[i]!]
    }
    return all.slice(0, pick(10))
  }
  const powers = Array.from({ length: N }, () => BigInt(Math.floor(random() * 1e6)) * 10n ** 15n + BigInt(Math.floor(random() * 1e9)))
  const make = (f: () => BallotChoice): Ballot[] => powers.map((power, i) => ({ voter: String(i), power, choice: f() }))
  const cases: { name: string; type: 'weighted' | 'quadratic' | 'ranked-choice'; choices: number; ballots: Ballot[] }[] = [
    { name: 'weighted (4 choices)', type: 'weighted', choices: 4, ballots: make(weights) },
    { name: 'quadratic (4 choices)', type: 'quadratic', choices: 4, ballots: make(weights) },
    { name: 'ranked-choice (10, random rankings)', type: 'ranked-choice', choices: 10, ballots: make(ranking) },
  ]
  const cpu = (fn: () => void) => {
    const start = process.cpuUsage()
    fn()
    const used = process.cpuUsage(start)
    return (used.user + used.system) / 1000
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const json = (value: unknown) => JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
  for (const c of cases) {
    if (json(oldTally({ type: c.type, choices: c.choices, ballots: c.ballots, unique: true })) !== json(newTally({ type: c.type, choices: c.choices, ballots: c.ballots, unique: true }))) throw new Error(`${c.name}: old and new results differ`)
  }
  const base: number[] = []
  const times = cases.map(() => ({ old: [] as number[], new: [] as number[] }))
  for (let round = 0; round < ROUNDS; round++) {
    base.push(
      cpu(() => {
        let sum = 0n
        for (const p of powers) sum += p
        if (sum < 0n) throw new Error('unreachable')
      }),
    )
    cases.forEach((c, i) => {
      times[i]!.old.push(cpu(() => oldTally({ type: c.type, choices: c.choices, ballots: c.ballots, unique: true })))
      times[i]!.new.push(cpu(() => newTally({ type: c.type, choices: c.choices, ballots: c.ballots, unique: true })))
    })
  }
  const b = median(base)
  console.log(`old (${values.rev}) vs new tally, ${N.toLocaleString('en')} ballots, CPU ms, medians of ${ROUNDS} interleaved rounds; baseline (sum of the bigint powers) ${b.toFixed(0)} ms`)
  cases.forEach((c, i) => {
    const o = median(times[i]!.old)
    const n = median(times[i]!.new)
    console.log(`  ${c.name.padEnd(36)} old ${o.toFixed(0)} ms (${(o / b).toFixed(1)}x)   new ${n.toFixed(0)} ms (${(n / b).toFixed(1)}x)   ${(o / n).toFixed(1)}x faster`)
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
