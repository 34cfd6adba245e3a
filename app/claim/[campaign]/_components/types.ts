import type { Address, Hex } from 'viem'

/** What the claim islands know about the campaign (plain, serializable props from the page). */
export type ClaimCampaignProps = {
  id: string
  chainId: number
  distributor: Address
  token: { address: Address; symbol: string; decimals: number }
  phase: 'upcoming' | 'open' | 'ended'
  /** ISO 8601, UTC. */
  startAt: string | null
  endAt: string | null
}

/** An eligible account's leaf: `amount` in base units as a decimal string. */
export type EligibleAllocation = { index: number; account: Address; amount: string; proof: Hex[] }
