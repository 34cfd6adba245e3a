/**
 * The settlement section of `npm run bench:governance` (`--only settle`): proposal end to a
 * confirmed `settleProposal` on anvil for N votes, with the time of each step, beside OpenZeppelin's
 * `StandardMerkleTree.of` over the same leaves. Database: `serverUrl` (TEST_DATABASE_URL or
 * DATABASE_URL) when set, else in-memory PGlite.
 */
import { loadavg } from 'node:os'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { startAnvil } from '../../lib/chain/anvil'
import { createChainClients } from '../../lib/chain/clients'
import { arborSettlementAbi, arborSettlementBytecode } from '../../lib/chain/contracts/ArborSettlement'
import { deployContract } from '../../lib/chain/deploy-contract'
import { devAccounts } from '../../lib/chain/dev-accounts'
import { settleProposal } from '../../lib/governance/settlement/settle-proposals'
import { ballotHash, VOTE_LEAF_ENCODING } from '../../lib/governance/settlement/vote-leaf'
import { createTestDatabase } from '../../tests/support/database'
import { seedProposals } from '../../tests/intake/support/fixtures'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!


/**
 * Proposal end → confirmed settlement of SETTLE_VOTES votes: the votes are written to `votes` as
 * the intake would have (one row per voter), then `settleProposal` runs on a proposal that has
 * just ended. Each run settles a fresh copy of the proposal.
 */
export async function benchSettlement({ votes: SETTLE_VOTES, runs: RUNS, serverUrl }: { votes: number; runs: number; serverUrl?: string }): Promise<void> {
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
