import { getAddress, type Address, type Hex } from 'viem'
import type { Models, Prisma } from '@/lib/db'
import type { TokenMetadata } from './read-token-metadata'

/** Where a campaign stands for a recipient at a given moment. */
export type CampaignPhase = 'upcoming' | 'open' | 'ended'

/** A deployed campaign as the claim portal shows it: plain data, safe to pass to client components. */
export type CampaignView = {
  id: string
  name: string
  chainId: number
  token: TokenMetadata
  distributor: Address
  merkleRoot: Hex
  /** Sum of all allocations, in the token's base units (wei for 18 decimals). */
  totalAmount: bigint
  recipientCount: number
  /** Claims open at `startAt` (inclusive) and close at `endAt` (exclusive), as the contract checks. */
  startAt: Date | null
  endAt: Date | null
  status: string
  phase: CampaignPhase
}

/** A campaign row that has a distributor and a root (what `deployedCampaignWhere` selects). */
export type DeployedCampaignRow = Pick<
  Models.CampaignModel,
  'id' | 'name' | 'chainId' | 'tokenAddress' | 'distributorAddress' | 'merkleRoot' | 'totalAmount' | 'recipientCount' | 'startAt' | 'endAt' | 'status'
>

/** Campaigns recipients can see: deployed (distributor and root set) and past the draft stage. */
export const deployedCampaignWhere = {
  distributorAddress: { not: null },
  merkleRoot: { not: null },
  status: { in: ['active', 'ended', 'clawed_back'] },
} satisfies Prisma.CampaignWhereInput

export function phaseOf({ startAt, endAt, status }: Pick<DeployedCampaignRow, 'startAt' | 'endAt' | 'status'>, now: Date): CampaignPhase {
  if (status === 'ended' || status === 'clawed_back' || (endAt && now >= endAt)) return 'ended'
  if (startAt && now < startAt) return 'upcoming'
  return 'open'
}

export function toCampaignView(row: DeployedCampaignRow, token: TokenMetadata, now: Date): CampaignView {
  return {
    id: row.id,
    name: row.name,
    chainId: row.chainId,
    token,
    distributor: getAddress(row.distributorAddress!),
    merkleRoot: row.merkleRoot as Hex,
    totalAmount: BigInt(row.totalAmount.toFixed()),
    recipientCount: row.recipientCount,
    startAt: row.startAt,
    endAt: row.endAt,
    status: String(row.status),
    phase: phaseOf(row, now),
  }
}
