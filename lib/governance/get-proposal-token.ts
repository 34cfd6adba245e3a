import { getAddress, type PublicClient } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { readSpaceToken } from './read-space-token'

/** The voting token of a proposal's space (address, symbol, decimals); `NotFoundError` for an unknown proposal. */
export async function getProposalToken(db: Db, client: PublicClient, { proposalId }: { proposalId: string }) {
  const proposal = /^[0-9a-f-]{36}$/i.test(proposalId)
    ? await db.proposal.findUnique({ where: { id: proposalId }, select: { space: { select: { tokenAddress: true } } } })
    : null
  if (!proposal) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const address = getAddress(proposal.space.tokenAddress)
  return { address, ...(await readSpaceToken(client, address)) }
}
