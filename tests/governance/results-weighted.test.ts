import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getProposalResults } from '@/lib/governance/results/get-proposal-results'
import { tally } from '@/lib/governance/tally'
import { createTestDatabase, type TestDatabase } from '../support/database'

type Row = { choice: unknown; power: bigint }

// The weighted results group voters in SQL by (choice, power mod Σw): the same numbers as the pure tally over one ballot per voter.
describe('weighted results from the votes table', () => {
  let database: TestDatabase
  let spaceId: string
  let number = 0

  beforeAll(async () => {
    database = await createTestDatabase()
    const { rows } = await database.sql.query<{ id: string }>(
      `INSERT INTO spaces (slug, name, chain_id, token_address, voting_period, quorum, voting_types) VALUES ('weighted', 'Weighted', 31337, $1, 86400, 0, ARRAY['weighted']::voting_type[]) RETURNING id`,
      [`0x${'11'.repeat(20)}`],
    )
    spaceId = rows[0]!.id
  }, 120_000)
  afterAll(async () => {
    await database?.drop()
  })

  /** An active weighted proposal with these votes (one per voter) and a committed batch. */
  async function proposalWith(choices: number, votes: readonly Row[]): Promise<string> {
    const { rows } = await database.sql.query<{ id: string }>(
      `INSERT INTO proposals (space_id, number, title, author, choices, voting_type, snapshot_block, start_at, end_at, state)
       VALUES ($1, $2, 'weighted', $3, $4::text[], 'weighted', 1, now() - interval '1 hour', now() + interval '1 day', 'active') RETURNING id`,
      [spaceId, ++number, `0x${'22'.repeat(20)}`, Array.from({ length: choices }, (_, i) => `Choice ${i + 1}`)],
    )
    const id = rows[0]!.id
    await database.sql.query(
      `INSERT INTO votes (proposal_id, voter, choice, voting_power, timestamp, message_id)
       SELECT $1::uuid, v, c::jsonb, p::numeric, now(), '0x' || md5(v) FROM unnest($2::text[], $3::text[], $4::text[]) AS t(v, c, p)`,
      [id, votes.map((_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`), votes.map((v) => JSON.stringify(v.choice)), votes.map((v) => v.power.toString())],
    )
    await database.sql.query(`INSERT INTO batches (shard, seq, root, count, kind, shard_key, tree, messages) VALUES (5, $1, '0x', 0, 'vote', $2, '\\x', '[]')`, [number, id])
    return id
  }

  const expectPure = async (choices: number, votes: readonly Row[]) => {
    const results = await getProposalResults(database.db, { proposalId: await proposalWith(choices, votes) })
    const pure = tally({ type: 'weighted', choices, ballots: votes.map((v, i) => ({ voter: String(i), power: v.power, choice: v.choice as Record<string, number> })), unique: true })
    expect({ scores: results.scores, total: results.totalPower, voteCount: results.voteCount, winner: results.winner }).toEqual({
      scores: pure.scores.map(String),
      total: pure.total.toString(),
      voteCount: votes.length,
      winner: pure.winner,
    })
  }

  it('equals the pure tally near the edges: zero weights, one pick, three picks, weight sums past 2^32, powers 0 and past 2^84', async () => {
    const choices = [{ '1': 1, '2': 2 }, { '2': 0, '3': 5 }, { '1': 3, '2': 3, '4': 1 }, { '4': 4_000_000_000, '1': 7 }, { '3': 9_007_199_254_740_991 }]
    const powers = [0n, 1n, 2n, 10n ** 18n + 7n, 2n ** 84n + 12345n, 10n ** 40n + 3n, 999_999_999_999_999_999n]
    const votes = powers.flatMap((power, i) => choices.map((choice, k) => ({ choice, power: power + BigInt(i * k) })))
    await expectPure(4, votes)
  })

  it('equals the pure tally on random proposals (few weight vectors, so that voters share remainders)', async () => {
    const vector = (choices: number) =>
      fc
        .uniqueArray(fc.tuple(fc.integer({ min: 1, max: choices }), fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100_000 }))), { minLength: 1, maxLength: choices, selector: ([c]) => c })
        .filter((pairs) => pairs.some(([, w]) => w > 0))
        .map((pairs) => Object.fromEntries(pairs.map(([c, w]) => [String(c), w])))
    const proposal = fc.integer({ min: 1, max: 6 }).chain((choices) =>
      fc.tuple(
        fc.constant(choices),
        fc.array(vector(choices), { minLength: 1, maxLength: 3 }).chain((vectors) =>
          fc.array(fc.record({ choice: fc.constantFrom(...vectors), power: fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: 10n ** 30n })) }), { minLength: 1, maxLength: 50 }),
        ),
      ),
    )
    await fc.assert(fc.asyncProperty(proposal, ([choices, votes]) => expectPure(choices, votes)), { numRuns: 15 })
  })

  it('names a stored choice that is not a weight object (422, InvalidBallotError) instead of failing in SQL', async () => {
    for (const bad of [3, { '1': 'a' }, { '1': -1, '2': 4 }, { '1': 1.5, '2': 1.5 }]) {
      const proposalId = await proposalWith(2, [{ choice: { '1': 1 }, power: 5n }, { choice: bad, power: 7n }])
      await expect(getProposalResults(database.db, { proposalId })).rejects.toMatchObject({ name: 'InvalidBallotError', code: 'validation' })
    }
  })
})
