// PRIVATE STAND-IN for air-data's `getClaimProof` (lib/airdrop/get-claim-proof.ts): same name,
// parameters and result. It rebuilds the tree from the allocations on every call (fine for the
// demo's 50 leaves; the real one reads the compact tree). Swap the import and delete this file.
import { getAddress, isAddress, type Address, type Hex } from 'viem'
import type { Db } from '@/lib/db'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { buildTree, getProof } from '@/lib/merkle'

export type GetClaimProofParameters = { campaignId: string; account: string }
export type GetClaimProofReturnType = { index: number; account: Address; amount: bigint; proof: Hex[] }

/** The leaf and Merkle proof of `account` in a campaign. Throws `NotFoundError` when it has no allocation. */
export async function getClaimProof(db: Db, { campaignId, account }: GetClaimProofParameters): Promise<GetClaimProofReturnType> {
  if (!isAddress(account, { strict: false })) throw new ValidationError('not an address', { field: 'account' })
  const allocations = await db.allocation.findMany({ where: { campaignId }, orderBy: { index: 'asc' } })
  const position = allocations.findIndex((allocation) => allocation.account === account.toLowerCase())
  if (position < 0) throw new NotFoundError(`${account} has no allocation in campaign ${campaignId}`, { field: 'account' })
  const tree = buildTree({
    values: allocations.map((a) => [BigInt(a.index), a.account, BigInt(a.amount.toFixed())]),
    leafEncoding: ['uint256', 'address', 'uint256'],
  })
  const allocation = allocations[position]!
  return { index: allocation.index, account: getAddress(allocation.account), amount: BigInt(allocation.amount.toFixed()), proof: getProof(tree, position) as Hex[] }
}
