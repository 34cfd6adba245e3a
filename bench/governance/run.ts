/**
 * `npm run bench:governance`: the tally of 1M ballots per voting type (ranked-choice over 10
 * choices), the voting power of 10k voters through multicall, the results route and the settlement
 * of a 100k-vote proposal. Prints figures, asserts nothing. Medians of 3 in one process, each beside
 * a named baseline measured in the same process:
 * - tallies: summing 1M bigint powers, the floor any tally pays;
 * - voting power: one `getPastVotes` eth_call per voter (1,000 voters, scaled to 10k);
 * - the results route at N votes (`results-route.ts`): a constant JSON of the same size from the
 *   same server (needs TEST_DATABASE_URL and a build in .next; skipped, saying why, without them);
 * - settlement (`settlement.ts`: proposal end → confirmed `settleProposal` on anvil): OpenZeppelin's
 *   `StandardMerkleTree.of` over the same leaves.
 * Options: --ballots N (default 1M), --voters N (default 10k), --runs N (default 3), --only
 * tally,results,power,settle (default all), --votes N (results route, default 100k), --settle-votes N
 * (default 100k), --seconds S and
 * --connections C (autocannon, default 5 and 16), --batch-ms M (live condition, default 100), --port P
 * (the bench's `next start`, default random in 3900-4399).
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createPublicClient, http, type Address } from 'viem'
import { startAnvil } from '../../lib/chain/anvil'
import { createChainClients } from '../../lib/chain/clients'
import { deployDemoContracts } from '../../lib/chain/deploy-demo'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { getVotingPower, votesAbi } from '../../lib/governance/get-voting-power'
import { tally, VOTING_TYPES, type Ballot, type BallotChoice, type VotingType } from '../../lib/governance/tally'
import { env } from '../../lib/env'
import { benchResultsRoute } from './results-route'
import { benchSettlement } from './settlement'

const { values } = parseArgs({
  options: {
    ballots: { type: 'string', default: '1000000' },
    voters: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string', default: 'tally,results,power,settle' },
    'settle-votes': { type: 'string', default: '100000' },
    votes: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    'batch-ms': { type: 'string', default: '100' },
    port: { type: 'string' },
  },
})
const SECTIONS = new Set(values.only.split(','))
const BALLOTS = Number(values.ballots)
const VOTERS = Number(values.voters)
const RUNS = Number(values.runs)

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
function time(fn: () => void): number {
  const samples: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    fn()
    samples.push(performance.now() - t)
  }
  return Math.round(median(samples))
}

let seed = 42
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
const CHOICES: Record<VotingType, number> = { basic: 3, 'single-choice': 4, approval: 4, weighted: 4, quadratic: 4, 'ranked-choice': 10 }
/** A spread like real proposals: most weighted ballots pick 1-2 choices, rankings 1-10 long. */
function choiceFor(type: VotingType): BallotChoice {
  const n = CHOICES[type]
  const pick = () => 1 + Math.floor(random() * n)
  switch (type) {
    case 'basic':
    case 'single-choice':
      return pick()
    case 'approval':
      return [...new Set([pick(), pick()])]
    case 'weighted':
    case 'quadratic': {
      const a = pick()
      const b = pick()
      return a === b ? { [a]: 1 } : { [a]: 1 + Math.floor(random() * 5), [b]: 1 + Math.floor(random() * 5) }
    }
    case 'ranked-choice': {
      const all = Array.from({ length: n }, (_, i) => i + 1)
      for (let i = all.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[all[i], all[j]] = [all[j]!, all[i]!]
      }
      return all.slice(0, 1 + Math.floor(random() * n))
    }
  }
}

console.log(`governance bench: ${BALLOTS.toLocaleString('en')} ballots per type, ${VOTERS.toLocaleString('en')} voters, medians of ${RUNS}; load average ${loadavg()[0]!.toFixed(1)}`)
const tallies: Record<string, number> = {}
let baseline = 0
if (SECTIONS.has('tally')) {
  const voters = Array.from({ length: BALLOTS }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`)
  const powers = Array.from({ length: BALLOTS }, () => BigInt(Math.floor(random() * 1e6)) * 10n ** 15n + BigInt(Math.floor(random() * 1e9)))
  baseline = time(() => {
    let sum = 0n
    for (const p of powers) sum += p
    if (sum < 0n) throw new Error('unreachable')
  })
  console.log(`  baseline: sum of ${BALLOTS.toLocaleString('en')} bigint powers        ${baseline} ms`)
  for (const type of VOTING_TYPES) {
    const ballots: Ballot[] = voters.map((voter, i) => ({ voter, power: powers[i]!, choice: choiceFor(type) }))
    const ms = time(() => tally({ type, choices: CHOICES[type], ballots, unique: true }))
    tallies[type] = ms
    console.log(`  tally ${type.padEnd(14)} (${CHOICES[type]} choices)            ${ms} ms  (${(ms / baseline).toFixed(1)}x baseline; target ${type === 'ranked-choice' ? 2000 : 1000} ms)`)
  }
  {
    const ballots: Ballot[] = voters.map((voter, i) => ({ voter, power: powers[i]!, choice: 1 + (i % 4) }))
    const ms = time(() => tally({ type: 'single-choice', choices: 4, ballots }))
    tallies['single-choice+latestBallots'] = ms
    console.log(`  tally single-choice with the one-ballot-per-voter pass       ${ms} ms  (what unique: true skips for rows of the votes table)`)
  }
}
const results = SECTIONS.has('results')
  ? await benchResultsRoute({ votes: Number(values.votes), seconds: Number(values.seconds), connections: Number(values.connections), batchMs: Number(values['batch-ms']), ...(values.port ? { port: Number(values.port) } : {}), serverUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL })
  : undefined
const settle = () => (SECTIONS.has('settle') ? benchSettlement({ votes: Number(values['settle-votes']), runs: RUNS, serverUrl: env.TEST_DATABASE_URL ?? env.DATABASE_URL }) : undefined)
if (!SECTIONS.has('power')) {
  console.log(JSON.stringify({ ballots: BALLOTS, baselineSumMs: baseline, tallyMs: tallies, resultsRoute: results }))
  await settle()
  process.exit(0)
}

const anvil = await startAnvil()
try {
  const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
  const demo = await deployDemoContracts(clients, { holder: devAccounts[0].address })
  let requests = 0
  const counted = createPublicClient({ chain: clients.chain, transport: http(anvil.rpcUrl, { batch: false, onFetchRequest: () => void requests++ }) })
  const list = [...devAccounts.slice(0, 5).map((a) => a.address), ...Array.from({ length: VOTERS - 5 }, (_, i) => `0x${(i + 1_000_000).toString(16).padStart(40, '0')}`)]
  const samples: number[] = []
  let rpc = 0
  for (let r = 0; r < RUNS; r++) {
    requests = 0
    const t = performance.now()
    const { powers: result } = await getVotingPower(counted, { token: demo.token, snapshotBlock: demo.blockNumber, voters: list })
    samples.push(performance.now() - t)
    rpc = requests
    if (result[1]! === 0n) throw new Error('account #1 should hold delegated votes')
  }
  const multicallMs = Math.round(median(samples))
  const one = 1_000
  const baselineSamples: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    for (let i = 0; i < one; i += 50) {
      await Promise.all(list.slice(i, i + 50).map((voter) => counted.readContract({ address: demo.token as Address, abi: votesAbi, functionName: 'getPastVotes', args: [voter as Address, demo.blockNumber] })))
    }
    baselineSamples.push(performance.now() - t)
  }
  const perCallMs = Math.round((median(baselineSamples) * VOTERS) / one)
  console.log(`  voting power of ${VOTERS.toLocaleString('en')} voters, multicall (deployless on anvil: 150 per call)  ${multicallMs} ms, ${rpc} RPC calls`)
  console.log(`  baseline: one eth_call per voter, 50 in flight             ${perCallMs} ms for ${VOTERS.toLocaleString('en')} (measured on ${one.toLocaleString('en')}), ${VOTERS} RPC calls`)
  console.log(JSON.stringify({ ballots: BALLOTS, baselineSumMs: baseline, tallyMs: tallies, resultsRoute: results, voters: VOTERS, votingPowerMs: multicallMs, votingPowerRpcCalls: rpc, perCallBaselineMs: perCallMs }))
} finally {
  await anvil.stop()
}
await settle()
