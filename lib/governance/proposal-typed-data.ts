import type { Address } from 'viem'

/** EIP-712 domain of a member's proposal: bound to the chain and the space's voting token, like a vote. */
export const PROPOSAL_DOMAIN = { name: 'Arbor Proposal', version: '1' } as const

export const proposalTypes = {
  Proposal: [
    { name: 'proposer', type: 'address' },
    { name: 'space', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'body', type: 'string' },
    { name: 'votingType', type: 'string' },
    { name: 'choices', type: 'string[]' },
    { name: 'maxPicks', type: 'uint32' },
    { name: 'start', type: 'uint64' },
    { name: 'end', type: 'uint64' },
    { name: 'snapshot', type: 'uint64' },
    { name: 'discussion', type: 'string' },
    { name: 'timestamp', type: 'uint64' },
  ],
} as const

/** The signed message; times are unix seconds, `maxPicks` 0 means none. Members' proposals carry no on-chain actions. */
export type ProposalMessage = {
  proposer: Address
  space: string
  title: string
  body: string
  votingType: string
  choices: string[]
  maxPicks: number
  start: bigint
  end: bigint
  snapshot: bigint
  discussion: string
  timestamp: bigint
}

/** The full typed data a wallet signs for `message` in a space on `chainId` with voting token `token`. */
export function getProposalTypedData({ chainId, token, message }: { chainId: number; token: Address; message: ProposalMessage }) {
  return {
    domain: { ...PROPOSAL_DOMAIN, chainId, verifyingContract: token },
    types: proposalTypes,
    primaryType: 'Proposal' as const,
    message,
  }
}
