import { keccak256, toHex, type Address } from 'viem'
import { CLAIM_LEAF_ENCODING, COMPACT_TREE_FORMAT } from '@/lib/airdrop/schema'
import type { Db } from '@/lib/db/types'
import { buildTree, encodeCompactTree, type MerkleTree } from '@/lib/merkle'

export type TestAllocation = { account: Address; amount: bigint }

/** `count` stable addresses nobody holds keys for. */
export function testRecipients(count: number, seed = 'arbor-test-recipient'): Address[] {
  return Array.from({ length: count }, (_, i) => `0x${keccak256(toHex(`${seed}-${i}`)).slice(26)}` as Address)
}

/**
 * A campaign with its allocations and compact tree, as campaign creation stores them: leaves
 * `(index, account, amount)` in allocation order. `distributor` set and status `active` = live.
 */
export async function storeTestCampaign(
  db: Db,
  {
    allocations,
    status = 'active',
    distributor,
    token = '0x000000000000000000000000000000000000dEaD',
    chainId = 31337,
  }: { allocations: readonly TestAllocation[]; status?: 'draft' | 'active'; distributor?: Address; token?: Address; chainId?: number },
): Promise<{ id: string; tree: MerkleTree }> {
  const tree = buildTree({ values: allocations.map((a, index) => [index, a.account, a.amount]), leafEncoding: CLAIM_LEAF_ENCODING })
  const campaign = await db.campaign.create({
    data: {
      name: 'Test campaign',
      chainId,
      tokenAddress: token.toLowerCase(),
      distributorAddress: distributor?.toLowerCase() ?? (status === 'active' ? '0x00000000000000000000000000000000000000d1' : null),
      merkleRoot: tree.root,
      totalAmount: allocations.reduce((sum, a) => sum + a.amount, 0n).toString(),
      recipientCount: allocations.length,
      status,
      allocations: { createMany: { data: allocations.map((a, index) => ({ index, account: a.account.toLowerCase(), amount: a.amount.toString() })) } },
      tree: {
        create: {
          format: COMPACT_TREE_FORMAT,
          leafTypes: [...CLAIM_LEAF_ENCODING],
          root: tree.root,
          leafCount: allocations.length,
          layers: new Uint8Array(encodeCompactTree(tree)),
        },
      },
    },
  })
  return { id: campaign.id, tree }
}
