import type { Address, TypedDataDefinition } from 'viem'

/**
 * The EIP-712 `Vote`, one struct for all six voting types (lib/governance/README.md): `choices`
 * holds the pick, the approval set or the ranking (best first), 1-based; `weights` is one weight
 * per choice for weighted and quadratic votes and empty otherwise. Plain `uint32[]` arrays: every
 * wallet that implements eth_signTypedData_v4 signs them, and one type means one type hash.
 */
export const voteTypes = {
  Vote: [
    { name: 'voter', type: 'address' },
    { name: 'proposal', type: 'string' },
    { name: 'choices', type: 'uint32[]' },
    { name: 'weights', type: 'uint32[]' },
    { name: 'reason', type: 'string' },
    { name: 'timestamp', type: 'uint64' },
  ],
} as const

/** EIP-712 domain name and version of a vote; chainId and the space's token complete it. */
export const VOTE_DOMAIN = { name: 'Arbor Vote', version: '1' } as const

/** A ballot as the tally reads it: a number, a list (approval, ranking), or `{ "<choice>": weight }`. */
export type VoteBallot = number | readonly number[] | Readonly<Record<string, number>>

/** The `choices` and `weights` arrays that encode `ballot` in a `Vote`. */
export function voteArraysOf(ballot: VoteBallot): { choices: number[]; weights: number[] } {
  if (typeof ballot === 'number') return { choices: [ballot], weights: [] }
  if (Array.isArray(ballot)) return { choices: [...(ballot as readonly number[])], weights: [] }
  const entries = Object.entries(ballot as Record<string, number>)
  return { choices: entries.map(([choice]) => Number(choice)), weights: entries.map(([, weight]) => weight) }
}

export type GetVoteTypedDataParameters = {
  chainId: number
  /** The space's voting token: the domain's verifying contract. */
  token: Address
  voter: Address
  /** The proposal's id (uuid). */
  proposal: string
  ballot: VoteBallot
  reason?: string
  /** Unix seconds; must fall inside the proposal's voting window. */
  timestamp: bigint
}

export type GetVoteTypedDataReturnType = TypedDataDefinition<typeof voteTypes, 'Vote'>

/**
 * The typed data for `signTypedData`. POST `{ message, signature }` to /api/votes with the
 * message's numbers as numbers or decimal strings (the timestamp is a bigint: send `String(...)`).
 */
export function getVoteTypedData({ chainId, token, voter, proposal, ballot, reason = '', timestamp }: GetVoteTypedDataParameters): GetVoteTypedDataReturnType {
  const { choices, weights } = voteArraysOf(ballot)
  return {
    domain: { ...VOTE_DOMAIN, chainId, verifyingContract: token },
    types: voteTypes,
    primaryType: 'Vote',
    message: { voter, proposal, choices, weights, reason, timestamp },
  }
}
