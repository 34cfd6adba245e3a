import { getAddress } from 'viem'
import { describe, expect, it } from 'vitest'
import type { VerifiedMessage } from './types'
import { loggedVoteOf, signedRestOf, type VoteRow } from './vote-message'

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
