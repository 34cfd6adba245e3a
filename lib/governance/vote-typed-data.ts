import type { Address } from 'viem'
import type { VotingTypeName } from './schema'

/** A ballot as the page builds it: a choice number, a list (approval; ranked best first), or weights per choice. */
export type Ballot = number | number[] | Record<string, number>

export type GetVoteTypedDataParameters = {
  type: VotingTypeName
  chainId: number
  /** The space's voting token: the domain's verifying contract. */
  token: Address
  proposalId: string
  voter: Address
  ballot: Ballot
  reason?: string
  /** Unix seconds. */
  timestamp: bigint
}

/**
 * The EIP-712 typed data a voter signs, with chainId and verifyingContract in the domain (what
 * Snapshot's vote lacks). Mirrors `lib/intake/vote-message.ts`; today's engine takes a uint32
 * choice, so only basic and single-choice ballots encode until gov-core's ballot encodings land.
 */
export function getVoteTypedData({ chainId, token, proposalId, voter, ballot, reason = '', timestamp }: GetVoteTypedDataParameters) {
  if (typeof ballot !== 'number') throw new Error('This voting type needs the multi-choice vote encoding, which this build does not have yet.')
  return {
    domain: { name: 'Arbor Vote', version: '1', chainId, verifyingContract: token },
    types: {
      Vote: [
        { name: 'voter', type: 'address' },
        { name: 'proposal', type: 'string' },
        { name: 'choice', type: 'uint32' },
        { name: 'reason', type: 'string' },
        { name: 'timestamp', type: 'uint64' },
      ],
    },
    primaryType: 'Vote' as const,
    message: { voter, proposal: proposalId, choice: ballot, reason, timestamp },
  }
}

/** The body `POST /api/votes` takes for a signed vote (numbers as decimal strings). */
export function toVoteRequest(typed: ReturnType<typeof getVoteTypedData>, signature: `0x${string}`) {
  const { message, domain } = typed
  return {
    message: { ...message, choice: message.choice, timestamp: message.timestamp.toString() },
    signature,
    domain: { chainId: domain.chainId, verifyingContract: domain.verifyingContract },
  }
}
