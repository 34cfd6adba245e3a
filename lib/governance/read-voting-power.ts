import { type Address, type PublicClient } from 'viem'
import { arborTokenAbi } from '@/lib/chain/contracts'
import type { Db } from '@/lib/db'

export type VotingPowerSource = { powerSource: 'token' | 'campaign'; tokenAddress: string; campaignId: string | null }

export type ReadVotingPowerParameters = { space: VotingPowerSource; snapshotBlock: bigint; voter: Address }

export type ReadVotingPowerReturnType = {
  /** Base units of the space's token. */
  power: bigint
  /** Why the power is zero, in words a member understands; undefined when it is not. */
  zeroReason?: 'no-tokens' | 'not-delegated' | 'not-in-airdrop'
  /** The voter's token balance at the snapshot block (token-backed spaces), to explain a zero. */
  balance?: bigint
}

/**
 * One voter's power at a proposal's snapshot block: ERC20Votes `getPastVotes` (only delegated
 * tokens count), or the voter's allocation in the space's airdrop campaign.
 * Stand-in for gov-core's `getVotingPower` (batched multicalls); same answer for one voter.
 */
export async function readVotingPower(db: Db, client: PublicClient, { space, snapshotBlock, voter }: ReadVotingPowerParameters): Promise<ReadVotingPowerReturnType> {
  if (space.powerSource === 'campaign') {
    const rows = await db.allocation.findMany({ where: { campaignId: space.campaignId ?? undefined, account: voter.toLowerCase() }, select: { amount: true } })
    const power = rows.reduce((sum, row) => sum + BigInt(row.amount.toFixed()), 0n)
    return power > 0n ? { power } : { power, zeroReason: 'not-in-airdrop' }
  }
  const token = space.tokenAddress as Address
  // getPastVotes refuses the current block (ERC5805FutureLookup); a snapshot at the chain head reads getVotes at that block.
  const head = await client.getBlockNumber({ cacheTime: 0 })
  const [power, balance] = await Promise.all([
    snapshotBlock < head
      ? client.readContract({ address: token, abi: arborTokenAbi, functionName: 'getPastVotes', args: [voter, snapshotBlock] })
      : client.readContract({ address: token, abi: arborTokenAbi, functionName: 'getVotes', args: [voter], blockNumber: snapshotBlock }),
    client.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [voter], blockNumber: snapshotBlock }),
  ])
  if (power > 0n) return { power, balance }
  return { power, balance, zeroReason: balance > 0n ? 'not-delegated' : 'no-tokens' }
}
