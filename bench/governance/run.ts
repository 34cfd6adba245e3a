/**
 * `npm run bench:governance`: the tally of 1M ballots per voting type (ranked-choice over 10
 * choices), the voting power of 10k voters through multicall, and the settlement of a 100k-vote
 * proposal. Prints figures, asserts nothing. Medians of 3 in one process, each beside a named
 * baseline measured in the same process:
 * - tallies: summing 1M bigint powers, the floor any tally pays;
 * - voting power: one `getPastVotes` eth_call per voter (1,000 voters, scaled to 10k);
 * - settlement (proposal end → confirmed `settleProposal` on anvil: load the votes, tally, votes
 *   tree, sign and store, broadcast and receipt): OpenZeppelin's `StandardMerkleTree.of` over the
 *   same leaves. Database: TEST_DATABASE_URL (or DATABASE_URL) when set, else in-memory PGlite.
 * Options: --ballots N (default 1M), --voters N (default 10k), --runs N (default 3),
 * --settle-votes N (default 100k), --only-settle (just the settlement section).
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { createPublicClient, http, type Address } from 'viem'
import { startAnvil } from '../../lib/chain/anvil'
import { createChainClients } from '../../lib/chain/clients'
import { deployDemoContracts } from '../../lib/chain/deploy-demo'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { getVotingPower, votesAbi } from '../../lib/governance/get-voting-power'
import { tally, VOTING_TYPES, type Ballot, type BallotChoice, type VotingType } from '../../lib/governance/tally'
import { arborSettlementAbi, arborSettlementBytecode } from '../../lib/chain/contracts/ArborSettlement'
import { deployContract } from '../../lib/chain/deploy-contract'
import { env } from '../../lib/env'
import { settleProposal } from '../../lib/governance/settlement/settle-proposals'
import { ballotHash, VOTE_LEAF_ENCODING } from '../../lib/governance/settlement/vote-leaf'
import { createTestDatabase } from '../../tests/support/database'
import { seedProposals } from '../../tests/intake/support/fixtures'

const { values } = parseArgs({
  options: {
    ballots: { type: 'string', default: '1000000' },
    voters: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    'settle-votes': { type: 'string', default: '100000' },
    'only-settle': { type: 'boolean', default: false },
  },
})
const BALLOTS = Number(values.ballots)
const VOTERS = Number(values.voters)
const RUNS = Number(values.runs)
const SETTLE_VOTES = Number(values['settle-votes'])

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


/**
 * Proposal end → confirmed settlement of SETTLE_VOTES votes: the votes are written to `votes` as
 * the intake would have (one row per voter), then `settleProposal` runs on a proposal that has
 * just ended. Each run settles a fresh copy of the proposal.
 */
async function benchSettlement(): Promise<void> {
  const serverUrl = env.TEST_DATABASE_URL ?? env.DATABASE_URL
  const database = await createTestDatabase({ serverUrl })
  const anvil = await startAnvil()
  try {
    console.log(`settlement bench: ${SETTLE_VOTES.toLocaleString('en')} votes on one basic proposal with an action, ${database.kind}, medians of ${RUNS}; load average ${loadavg()[0]!.toFixed(1)}`)
    const clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    const { address: settlement } = await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [devAccounts[0].address, devAccounts[0].address] })
    const runs: Array<NonNullable<Awaited<ReturnType<typeof settleProposal>>['timings']>> = []
    let leaves: [string, string, string, string][] = []
    for (let r = 0; r < RUNS; r++) {
      const [proposalId] = await seedProposals(database.sql, { chainId: anvil.chainId, token: '0x00000000000000000000000000000000000000a1', votingType: 'basic', startAt: new Date(Date.now() - 7_200_000), endAt: new Date(Date.now() - 1_000) })
      await database.sql.query(`UPDATE proposals SET actions = '[{"target":"0x00000000000000000000000000000000000000b2","value":"1","calldata":"0x"}]'::jsonb WHERE id = $1`, [proposalId])
      await database.sql.query(`UPDATE spaces SET executor_address = '0x00000000000000000000000000000000000000e1' FROM proposals p WHERE p.id = $1 AND spaces.id = p.space_id`, [proposalId])
      await database.sql.query(
        `INSERT INTO votes (proposal_id, voter, choice, voting_power, timestamp, message_id)
         SELECT $1::uuid, '0x' || lpad(to_hex(n), 40, '0'), to_jsonb(1 + n % 3), (1 + n % 1000)::numeric * 1000000000000000000, now(),
                '0x' || encode(sha256(($1 || ':' || n)::bytea), 'hex')
         FROM generate_series(1, $2::int) AS n`,
        [proposalId, SETTLE_VOTES],
      )
      if (r === 0) {
        const { rows } = await database.sql.query<{ message_id: string; voter: string; choice: number; power: string }>(
          'SELECT message_id, voter, choice, voting_power::text AS power FROM votes WHERE proposal_id = $1',
          [proposalId],
        )
        leaves = rows.map((row) => [row.message_id, row.voter, ballotHash(row.choice), row.power])
      }
      const summary = await settleProposal(database.sql, clients, { settlement, proposalId: proposalId!, graceMs: 0 })
      if (summary.status !== 'confirmed' || !summary.timings) throw new Error(`run ${r}: ${summary.status} ${summary.error ?? ''}`)
      runs.push(summary.timings)
    }
    const m = (key: keyof (typeof runs)[number]) => Math.round(median(runs.map((t) => t[key])))
    // OpenZeppelin's JS tree is slow enough (about 1 ms a leaf) to be measured on at most 20k leaves, scaled linearly.
    const ozLeaves = leaves.slice(0, 20_000)
    const ozStarted = performance.now()
    StandardMerkleTree.of(ozLeaves, [...VOTE_LEAF_ENCODING])
    const oz = Math.round(((performance.now() - ozStarted) * leaves.length) / ozLeaves.length)
    const total = m('totalMs')
    console.log(`  proposal end → confirmed settleProposal                    ${total} ms  (goal ≤ 5000 ms)`)
    console.log(`    load the counted votes (SQL)                             ${m('loadMs')} ms`)
    console.log(`    tally (basic, pure)                                      ${m('tallyMs')} ms`)
    console.log(`    votes tree (lib/merkle, OpenZeppelin layout)             ${m('treeMs')} ms  (${(m('treeMs') / oz).toFixed(2)}x the baseline)`)
    console.log(`    check the chain, sign and store the transaction          ${m('signMs')} ms`)
    console.log(`    broadcast and receipt on anvil                           ${m('confirmMs')} ms`)
    console.log(`  baseline: OpenZeppelin StandardMerkleTree.of, same leaves   ${oz} ms${ozLeaves.length < leaves.length ? ` (measured on ${ozLeaves.length.toLocaleString('en')}, scaled)` : ''}`)
    console.log(JSON.stringify({ settleVotes: SETTLE_VOTES, database: database.kind, settleMs: total, loadMs: m('loadMs'), tallyMs: m('tallyMs'), treeMs: m('treeMs'), signMs: m('signMs'), confirmMs: m('confirmMs'), ozStandardMerkleTreeMs: oz }))
  } finally {
    await anvil.stop()
    await database.drop()
  }
}

if (values['only-settle']) {
  await benchSettlement()
} else {
  console.log(`governance bench: ${BALLOTS.toLocaleString('en')} ballots per type, ${VOTERS.toLocaleString('en')} voters, medians of ${RUNS}; load average ${loadavg()[0]!.toFixed(1)}`)
  const voters = Array.from({ length: BALLOTS }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`)
  const powers = Array.from({ length: BALLOTS }, () => BigInt(Math.floor(random() * 1e6)) * 10n ** 15n + BigInt(Math.floor(random() * 1e9)))
  const baseline = time(() => {
    let sum = 0n
    for (const p of powers) sum += p
    if (sum < 0n) throw new Error('unreachable')
  })
  console.log(`  baseline: sum of ${BALLOTS.toLocaleString('en')} bigint powers        ${baseline} ms`)
  const tallies: Record<string, number> = {}
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
    console.log(JSON.stringify({ ballots: BALLOTS, baselineSumMs: baseline, tallyMs: tallies, voters: VOTERS, votingPowerMs: multicallMs, votingPowerRpcCalls: rpc, perCallBaselineMs: perCallMs }))
  } finally {
    await anvil.stop()
  }
  await benchSettlement()
}
