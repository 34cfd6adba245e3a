import { getAddress, type Address, type PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { listProposalVotes, type ProposalVote } from './results/list-proposal-votes'
import { readVotingPower, type ZeroPowerReason } from './read-voting-power'

export type VoterStatus = {
  voter: Address
  snapshotBlock: string
  /** Base units. */
  power: string
  /** Why the power is zero: no tokens at the block, tokens held but not delegated (or delegated to someone else), or not in the airdrop. */
  zeroReason?: ZeroPowerReason
  /** The voter's counted vote, if any (a new vote before the end replaces it). */
  vote: ProposalVote | null
}

/** A voter's power at the proposal's snapshot block and their counted vote. `NotFoundError` for an unknown proposal. */
export async function getVoterStatus(db: Db, client: PublicClient, { proposalId, voter }: { proposalId: string; voter: string }): Promise<VoterStatus> {
  const proposal = /^[0-9a-f-]{36}$/i.test(proposalId)
    ? await db.proposal.findUnique({ where: { id: proposalId }, select: { snapshotBlock: true, space: { select: { powerSource: true, tokenAddress: true, campaignId: true } } } })
    : null
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const address = getAddress(voter.toLowerCase())
  const [{ power, zeroReason }, { votes }] = await Promise.all([
    readVotingPower(db, client, { space: proposal.space, snapshotBlock: proposal.snapshotBlock, voter: address }),
    listProposalVotes(db, { proposalId, voter: address, pageSize: 1 }),
  ])
  return {
    voter: address,
    snapshotBlock: proposal.snapshotBlock.toString(),
    power: power.toString(),
    ...(zeroReason ? { zeroReason } : {}),
    vote: votes[0] ?? null,
  }
}
