import { describe, expect, it } from 'vitest'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { createVoteMessageType, type VoteEligibility, type VoteProposal } from '@/lib/intake/vote-message'
import { BaseError } from '@/lib/errors'
import { createTestKeys, signVote } from './support/fixtures'

const now = Math.floor(Date.now() / 1000)
const token = '0x' + '42'.repeat(20)
const proposalOf = (id: string, over: Partial<VoteProposal> = {}): VoteProposal => ({
  id, chainId: 31337, token, snapshotBlock: 7n, startAt: now - 1000, endAt: now + 1000, state: 'active',
  choiceCount: 3, votingType: 'basic', maxPicks: null, powerSource: { kind: 'token' }, ...over,
})

/** What a caller sees of an outcome: the verified message, or the error's class, message and details. */
const shapeOf = (outcome: unknown) =>
  outcome instanceof BaseError ? { error: outcome.constructor.name, message: outcome.message, details: JSON.stringify(outcome, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) } : outcome

describe('a request of votes verified in one call (verifyMany)', () => {
  it('gives each vote the outcome verify gives it, in order, with one pool call and one power lookup per proposal', async () => {
    const keys = await createTestKeys(4)
    const [open, closed, missing] = ['5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a11', '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a12', '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a13']
    const proposals = new Map([[open!, proposalOf(open!)], [closed!, proposalOf(closed!, { state: 'closed' })]])
    const powerCalls: string[][] = []
    // an ERC-1271 wallet: accepts what keys[1] signs in its name
    const wallet = '0x' + 'cc'.repeat(20)
    const eligibility: VoteEligibility = {
      getProposal: async (id) => proposals.get(id),
      isValidContractSignature: async ({ address }) => address === wallet,
      getVotingPowers: async (_p, voters) => {
        powerCalls.push([...voters])
        return voters.map((voter) => (voter === keys[3]!.address ? 0n : 10n))
      },
    }
    const type = createVoteMessageType(eligibility)
    const target = (id: string) => ({ proposalId: id, chainId: 31337, token })
    const forged = await signVote(keys[1]!, target(open!))
    const inputs = [
      await signVote(keys[0]!, target(open!)),
      await signVote(keys[1]!, target(closed!)),
      await signVote(keys[2]!, target(missing!)),
      { ...forged, message: { ...forged.message, voter: keys[2]!.address } },
      await signVote(keys[3]!, target(open!)),
      await signVote(keys[2]!, target(open!), { choice: 9 }),
      await signVote(keys[2]!, target(open!), { timestamp: now + 10_000 }),
      await signVote(keys[1]!, target(open!), { reason: 'second' }),
      { ...forged, message: { ...forged.message, voter: wallet } },
    ]
    const pool = createVerifierPool({ size: 1 })
    try {
      const recoverCalls: number[] = []
      const context = { now, recover: (items: Parameters<typeof pool.recover>[0]) => (recoverCalls.push(items.length), pool.recover(items)) }
      const one = await Promise.all(inputs.map((input) => type.verify(input, context).catch((error: unknown) => error)))
      recoverCalls.length = 0
      powerCalls.length = 0
      const many = await type.verifyMany!(inputs, context)
      expect(many.map(shapeOf)).toEqual(one.map(shapeOf))
      expect(many.map((outcome) => (outcome instanceof Error ? outcome.constructor.name : 'ok'))).toEqual([
        'ok', 'WindowClosedError', 'UnknownTargetError', 'InvalidSignatureError', 'NotEligibleError', 'InvalidBallotError', 'InvalidMessageError', 'ok', 'ok',
      ])
      // the checks before the signature spare the pool: one call for the five that reached it
      expect(recoverCalls).toEqual([5])
      expect(powerCalls).toEqual([[keys[0]!.address, keys[3]!.address, keys[1]!.address, wallet]])
    } finally {
      await pool.close()
    }
  })

  it('a failing pool fails the votes that reached it, each with the error, and no other', async () => {
    const [key] = await createTestKeys(1)
    const id = '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a11'
    const type = createVoteMessageType({ getProposal: async (p) => (p === id ? proposalOf(id) : undefined), getVotingPowers: async (_p, voters) => voters.map(() => 1n) })
    const target = { proposalId: id, chainId: 31337, token }
    const inputs = [await signVote(key!, target), await signVote(key!, { ...target, proposalId: '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a19' }), await signVote(key!, target, { reason: 'b' })]
    const failure = new Error('pool down')
    const many = await type.verifyMany!(inputs, { now, recover: async () => Promise.reject(failure) })
    expect(many[0]).toBe(failure)
    expect(many[1]?.constructor.name).toBe('UnknownTargetError')
    expect(many[2]).toBe(failure)
  })
})
