import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import type { VerifiedMessage } from './types'
import { createVoteMessageType, loggedVoteOf, signedRestOf, type VoteRow } from './vote-message'

const voter = '0x8ba1f109551bd432803012645ac136ddd64dba72'
const proposal = '5b3e7b86-3c6a-4f7e-9a55-1f2d1c0e9a11'

/** A verified vote as `verify` returns it: payload as posted, row columns normalized. */
function vote(payload: { voter: string; proposal: string; choices: string[]; weights: string[]; reason: string; timestamp: string }): VerifiedMessage<VoteRow> {
  return {
    kind: 'vote', id: `0x${'11'.repeat(32)}`, shardKey: proposal, key: voter, signer: voter, signature: `0x${'ab'.repeat(65)}`, rank: BigInt(payload.timestamp), payload,
    row: { proposalId: proposal, voter, choice: '1', reason: payload.reason, votingPower: '1', timestamp: payload.timestamp },
  }
}

/** What the log row gives back: the columns as Postgres returns them, and `signed`. */
const roundTrip = (message: VerifiedMessage<VoteRow>) =>
  loggedVoteOf({ vote_signature: message.signature, vote_signed: signedRestOf(message), vote_voter: voter, vote_proposal: proposal, vote_reason: message.row.reason, vote_ts: message.row.timestamp })

describe('a vote stored once in its log row (signedRestOf / loggedVoteOf)', () => {
  it.each([
    ['lowercase, one choice', { voter, proposal, choices: ['1'], weights: [], reason: '', timestamp: '1700000000' }, '[["1"],[]]'],
    ['an EIP-55 voter: a flag', { voter: getAddress(voter), proposal, choices: ['2'], weights: [], reason: 'r', timestamp: '1700000001' }, '[["2"],[],{"eip55":1}]'],
    ['another casing: the voter as posted', { voter: voter.toUpperCase().replace('0X', '0x'), proposal, choices: [], weights: [], reason: '', timestamp: '1' }, undefined],
    ['an uppercase proposal id, weights, a quoted reason', { voter, proposal: proposal.toUpperCase(), choices: ['1', '3'], weights: ['70', '30'], reason: 'a "b" \\ c', timestamp: '2' }, undefined],
  ])('%s: gives back the payload exactly, keys in the EIP-712 order', (_name, payload, signed) => {
    const message = vote(payload)
    if (signed !== undefined) expect(signedRestOf(message)).toBe(signed)
    const logged = roundTrip(message)!
    expect(logged).toEqual({ signature: message.signature, payload })
    expect(Object.keys(logged.payload)).toEqual(['voter', 'proposal', 'choices', 'weights', 'reason', 'timestamp'])
  })

  it('a row without its signed message (the transactional writer) reads as none', () => {
    expect(loggedVoteOf({ vote_signature: null, vote_signed: null, vote_voter: voter, vote_proposal: proposal, vote_reason: '', vote_ts: '1' })).toBeUndefined()
  })
})

describe('the vote append statement (one packed vote_log row a batch)', () => {
  const type = createVoteMessageType({ getProposal: async () => undefined, getVotingPowers: async (_proposal, voters) => voters.map(() => 0n) })
  /** Batch `batchId`'s 8 votes as writeBatches passes them (leaf order, nodes 14 down to 7), the k-th choosing `choiceOf(k)`. */
  const batch = (batchId: number, choiceOf: (k: number) => string) =>
    Array.from({ length: 8 }, (_, k) => {
      const message = vote({ voter, proposal, choices: [choiceOf(k)], weights: [], reason: '', timestamp: String(1_700_000_000 + k) })
      return { message: { ...message, id: `0x${batchId.toString(16).padStart(2, '0').repeat(31)}${k.toString(16).padStart(2, '0')}`, row: { ...message.row, choice: choiceOf(k) } }, batchId, node: 14 - k }
    })

  it('sends the ids as the writer parsed them, and an index a vote only for a column with two values in some batch', () => {
    const rows = [...batch(1, (k) => String(1 + (k % 2))), ...batch(2, () => '3')]
    const ids = Buffer.from(rows.map((row) => row.message.id.slice(2)).join(''), 'hex')
    const { text, values } = type.append!(rows, ids)
    expect(values).toContain(ids)
    // choice and signed (which holds the choices): batch 1 has two values, so their index travels;
    // reason and power: one value a batch, no index sent (the server fills the 1s)
    expect(values.filter((value) => value === '{1,2,1,2,1,2,1,2,1,1,1,1,1,1,1,1}')).toHaveLength(2)
    expect(values.filter((value) => value === `{${Array(16).fill(1).join(',')}}`)).toEqual([])
    expect(text.match(/array_fill\(1::int2, ARRAY\[s\.n\]\)/g)).toHaveLength(2)
    expect(() => type.append!(rows, ids.subarray(32))).toThrow(/32 bytes of id a row/)
  })
})
