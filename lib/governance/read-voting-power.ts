import type { Address, PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { explainNoVotingPower } from './explain-no-voting-power'
import { getVotingPower } from './get-voting-power'

export type VotingPowerSource = { powerSource: 'token' | 'campaign'; tokenAddress: string; campaignId: string | null }

export type ReadVotingPowerParameters = { space: VotingPowerSource; snapshotBlock: bigint; voter: Address }

export type ZeroPowerReason = 'no-tokens' | 'not-delegated' | 'delegated-away' | 'not-in-airdrop'

export type ReadVotingPowerReturnType = {
  /** Base units of the space's token. */
  power: bigint
  /** Why the power is zero; undefined when it is not. */
  zeroReason?: ZeroPowerReason
}

/**
 * One voter's power at a proposal's snapshot block, with the reason when it is zero: the
 * token's delegated votes (`getVotingPower`, `explainNoVotingPower`), or the voter's allocation in
 * the space's airdrop campaign.
 */
export async function readVotingPower(db: Db, client: PublicClient, { space, snapshotBlock, voter }: ReadVotingPowerParameters): Promise<ReadVotingPowerReturnType> {
  if (space.powerSource === 'campaign') {
    const rows = await db.allocation.findMany({ where: { campaignId: space.campaignId ?? undefined, account: voter.toLowerCase() }, select: { amount: true } })
    const power = rows.reduce((sum, row) => sum + BigInt(row.amount.toFixed()), 0n)
    return power > 0n ? { power } : { power, zeroReason: 'not-in-airdrop' }
  }
  const { powers: [power = 0n] } = await getVotingPower(client, { token: space.tokenAddress, snapshotBlock, voters: [voter] })
  if (power > 0n) return { power }
  const { reason } = await explainNoVotingPower(client, { token: space.tokenAddress, snapshotBlock, voter })
  return { power, zeroReason: reason }
}
