import { getAddress, type Address, type PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { readVotingPower, type ZeroPowerReason } from './read-voting-power'

export type ProposerStatus = {
  proposer: Address
  /** Who may propose in the space; with `admins` a member cannot, whatever the power. */
  proposers: 'admins' | 'members'
  /** The latest complete block (the chain's head − 1): the snapshot a proposal signed now gets, and where `power` is read. */
  block: string
  /** Base units. */
  power: string
  /** The space's proposal threshold, base units. */
  threshold: string
  /** True when members may propose and `power` reaches the threshold (and is above zero). */
  eligible: boolean
  /** Why the power is zero, when it is. */
  zeroReason?: ZeroPowerReason
}

/**
 * Whether `proposer` may create a proposal in the space now: their power at the latest complete
 * block (the snapshot `createProposalFromSignature` accepts is before the head) against the
 * space's threshold, with the reason when it is zero. The server checks again, at the signed
 * snapshot, on submit. `NotFoundError` for an unknown space.
 */
export async function getProposerStatus(db: Db, client: PublicClient, { slug, proposer }: { slug: string; proposer: string }): Promise<ProposerStatus> {
  const space = await db.space.findUnique({ where: { slug }, select: { powerSource: true, tokenAddress: true, campaignId: true, proposalThreshold: true, proposers: true } })
  if (!space) throw new NotFoundError(`No space "${slug}".`, { slug })
  const address = getAddress(proposer.toLowerCase())
  const block = (await client.getBlockNumber({ cacheTime: 0 })) - 1n
  const { power, zeroReason } = await readVotingPower(db, client, { space, snapshotBlock: block, voter: address })
  const threshold = BigInt(space.proposalThreshold.toFixed())
  return {
    proposer: address,
    proposers: space.proposers,
    block: block.toString(),
    power: power.toString(),
    threshold: threshold.toString(),
    eligible: space.proposers === 'members' && power > 0n && power >= threshold,
    ...(zeroReason ? { zeroReason } : {}),
  }
}
