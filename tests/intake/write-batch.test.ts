import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaseError } from '@/lib/errors'
import type { SubmitResult, VerifiedMessage } from '@/lib/intake/types'
import { createVoteMessageType, loggedVotes, type VoteRow } from '@/lib/intake/vote-message'
import { writeBatches } from '@/lib/intake/write-batch'
import { verifyProof } from '@/lib/merkle/verify-proof'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { seedProposals } from './support/fixtures'

type Vote = VerifiedMessage<VoteRow>

/** A verified vote as the writer gets it (no signature check: writeBatches trusts its input). */
function vote(proposalId: string, id: string, voter: string, timestamp: number): Vote {
  return {
    kind: 'vote', id, shardKey: proposalId, key: voter, signer: voter, signature: `0x${randomBytes(65).toString('hex')}`, rank: BigInt(timestamp),
    payload: { voter, proposal: proposalId, choices: ['1'], weights: [], reason: '', timestamp: String(timestamp) },
    row: { proposalId, voter, choice: '1', reason: '', votingPower: '5', timestamp: String(timestamp) },
  }
}

describe('writeBatches, log type (votes)', () => {
  let database: TestDatabase
  let proposalId: string
  const type = createVoteMessageType({ getProposal: async () => undefined, getVotingPowers: async (_p, voters) => voters.map(() => 0n) })

  beforeAll(async () => {
    database = await createTestDatabase()
    proposalId = (await seedProposals(database.sql, { chainId: 31337, token: '0x0000000000000000000000000000000000000003' }))[0]!
  })

  afterAll(async () => {
    await database?.drop()
  })

  it('answers every message by position: a repeated id (the same object or an equal string) is one leaf with its first\'s receipt, each key\'s best vote accepted, the rest superseded by it', async () => {
    // ids that share their first 8 bytes fall into one probe run of the writer's id table, and
    // their leaves into one run of the tree's 4-byte sort
    const prefix = randomBytes(8).toString('hex')
    const idOf = () => `0x${prefix}${randomBytes(24).toString('hex')}`
    const voters = Array.from({ length: 30 }, () => `0x${randomBytes(20).toString('hex')}`)
    const messages: Vote[] = []
    for (let i = 0; i < 300; i++) {
      const roll = i % 10
      // a repeat of an earlier message: the very object, or a copy whose id is an equal string built apart
      if (roll === 3 && messages.length > 0) messages.push(messages[(i * 7) % messages.length]!)
      else if (roll === 7 && messages.length > 0) {
        const earlier = messages[(i * 13) % messages.length]!
        messages.push({ ...earlier, id: `0x${earlier.id.slice(2)}` })
      }
      // few voters and timestamps: re-votes and ties (broken by the smaller id)
      else messages.push(vote(proposalId, idOf(), voters[i % voters.length]!, 1_800_000_000 + (i % 4)))
    }
    const [outcomes] = await writeBatches(database.sql, [{ type, shardKey: proposalId, messages }])
    const results = outcomes!.map((outcome) => {
      if (outcome instanceof BaseError) throw outcome
      return outcome as SubmitResult
    })

    const distinct = new Map(messages.map((m) => [m.id, m]))
    const best = new Map<string, Vote>()
    for (const m of distinct.values()) {
      const held = best.get(m.key)
      if (!held || m.rank > held.rank || (m.rank === held.rank && m.id < held.id)) best.set(m.key, m)
    }
    const firstAnswer = new Map<string, SubmitResult>()
    results.forEach((result, p) => {
      const message = messages[p]!
      expect(result.id).toBe(message.id)
      expect(result.receipt.batch.count).toBe(distinct.size)
      const winner = best.get(message.key)!
      if (winner.id === message.id) {
        expect(result.status).toBe('accepted')
        expect(result.supersededBy).toBeUndefined()
      } else expect(result).toMatchObject({ status: 'superseded', supersededBy: winner.id })
      expect(verifyProof(result.receipt.batch.root, ['bytes32'], [message.id], result.receipt.proof)).toBe(true)
      const first = firstAnswer.get(message.id)
      if (first) expect(result.receipt).toEqual(first.receipt)
      else firstAnswer.set(message.id, result)
    })
    // one log row (one leaf) per distinct id, at the leaf its receipt proves
    const { rows } = await database.sql.query<{ id: string; node: number }>(
      `SELECT '0x' || encode(message_id, 'hex') AS id, node FROM ${loggedVotes('vote_log l WHERE l.batch_id = $1')} AS v`,
      [results[0]!.receipt.batch.id],
    )
    expect(rows).toHaveLength(distinct.size)
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(distinct.keys()))
  })
})
