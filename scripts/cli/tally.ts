/**
 * `arbor tally --type <type> [--choices N] [--max-picks K] [--quorum P] ballots.json`: tallies a
 * JSON array of `{ voter, power, choice }` with `lib/governance/tally` and prints one JSON object
 * `{ scores, total, rounds?, winner, tieBreak? }`. `power` is a decimal string (up to 18
 * decimals); the numbers printed are exact decimals in the same unit. No database, no chain.
 * `-` reads stdin. Bad input exits 1 naming the ballot; usage mistakes exit 2.
 * `arbor tally verify export.json --rpc URL` audits a settled proposal (tally-verify.ts).
 */
import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { BaseError } from '../../lib/errors'
import { tally, VOTING_TYPES, type Ballot, type VotingType } from '../../lib/governance/tally'
import { runVerify } from './tally-verify'

const USAGE = `Usage: arbor tally --type <${VOTING_TYPES.join('|')}> [--choices N] [--max-picks K] [--quorum POWER] ballots.json
       arbor tally verify export.json --rpc URL   (audit a settled proposal's export against the chain)`
/** Powers are read as exact decimals: scaled to 18 decimals, printed back in the same unit. */
const SCALE = 18
const POWER = /^[0-9]{1,78}(\.[0-9]{1,18})?$/

function parsePower(value: unknown, where: string): bigint {
  if (typeof value !== 'string' || !POWER.test(value)) throw new Error(`${where}: power must be a decimal string like "12" or "0.5", not ${JSON.stringify(value)}`)
  const [whole, fraction = ''] = value.split('.')
  return BigInt(whole!) * 10n ** BigInt(SCALE) + BigInt(fraction.padEnd(SCALE, '0'))
}

function decimal(value: bigint): string {
  const digits = value.toString().padStart(SCALE + 1, '0')
  const whole = digits.slice(0, -SCALE)
  const fraction = digits.slice(-SCALE).replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** The highest choice number any ballot names: the default for --choices. */
function highestChoice(ballots: readonly Ballot[]): number {
  let max = 1
  for (const { choice } of ballots) {
    const picks = typeof choice === 'number' ? [choice] : Array.isArray(choice) ? choice : Object.keys(choice as object).map(Number)
    for (const c of picks) if (typeof c === 'number' && Number.isInteger(c) && c > max) max = c
  }
  return max
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'verify') return runVerify(argv.slice(1))
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { type: { type: 'string' }, choices: { type: 'string' }, 'max-picks': { type: 'string' }, quorum: { type: 'string' }, help: { type: 'boolean' } },
    })
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const type = values.type as VotingType | undefined
  if (!type || !VOTING_TYPES.includes(type)) {
    process.stderr.write(`--type must be one of ${VOTING_TYPES.join(', ')}${type ? `, not ${type}` : ''}\n${USAGE}\n`)
    return 2
  }
  for (const flag of ['choices', 'max-picks'] as const) {
    const value = values[flag]
    if (value !== undefined && !/^[1-9][0-9]{0,5}$/.test(value)) {
      process.stderr.write(`--${flag} must be a whole number ≥ 1, not ${value}\n${USAGE}\n`)
      return 2
    }
  }
  if (positionals.length !== 1) {
    process.stderr.write(`${positionals.length === 0 ? 'missing ballots file' : 'one ballots file at a time'}\n${USAGE}\n`)
    return 2
  }
  const file = positionals[0]!
  let input: unknown
  try {
    input = JSON.parse(file === '-' ? await readStdin() : await readFile(file, 'utf8'))
  } catch (error) {
    process.stderr.write(`cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  try {
    if (!Array.isArray(input)) throw new Error(`${file} must hold a JSON array of { voter, power, choice }`)
    const ballots: Ballot[] = input.map((item: unknown, i) => {
      const row = item as { voter?: unknown; power?: unknown; choice?: unknown }
      if (typeof row !== 'object' || row === null || typeof row.voter !== 'string' || row.voter === '') throw new Error(`ballot ${i}: voter must be a non-empty string`)
      if (row.choice === undefined || row.choice === null) throw new Error(`ballot ${i}: choice is missing`)
      return { voter: row.voter, power: parsePower(row.power, `ballot ${i}`), choice: row.choice as Ballot['choice'] }
    })
    const quorum = values.quorum === undefined ? undefined : parsePower(values.quorum, '--quorum')
    const choices = values.choices ? Number(values.choices) : type === 'basic' ? 3 : highestChoice(ballots)
    const result = tally({ type, choices, maxPicks: values['max-picks'] ? Number(values['max-picks']) : undefined, quorum, ballots })
    const output = {
      scores: result.scores.map(decimal),
      total: decimal(result.total),
      ...(result.rounds ? { rounds: result.rounds.map((round) => round.map(decimal)) } : {}),
      winner: result.winner,
      ...(result.tieBreak ? { tieBreak: result.tieBreak } : {}),
      // Only asked for with --quorum: the issue's output is { scores, total, rounds?, winner, tieBreak? }.
      ...(quorum === undefined ? {} : { quorumReached: result.quorumReached, ...(result.passed === undefined ? {} : { passed: result.passed }) }),
    }
    // Exact decimals as JSON numbers (JSON.stringify would go through float64).
    process.stdout.write(`${JSON.stringify(output).replace(/"([0-9]+(?:\.[0-9]+)?)"/g, '$1')}\n`)
    return 0
  } catch (error) {
    process.stderr.write(`${error instanceof BaseError || error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}
