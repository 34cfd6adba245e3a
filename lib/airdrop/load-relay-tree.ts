import type { SqlQueryable } from '../db/types'
import { ALLOCATION_LEAF_ENCODING } from '../intake/claim-message'
import { buildTree, decodeCompactTree, type MerkleTree } from '../merkle'
import { readStoredTreeBytes, readStoredTreeInfo } from './campaign-tree-store'
import { RelayTreeMismatchError } from './errors'

export type LoadRelayTreeParameters = { campaignId: string; merkleRoot: string }

export type LoadRelayTreeReturnType = {
  tree: MerkleTree
  /** Leaf index (the allocation's `index`, decimal) -> its position among the tree's values. */
  positionOf: Map<string, number>
}

/**
 * The campaign's tree, to build multiproofs: the stored compact tree (either format) when there
 * is one, else rebuilt from `allocations` (OpenZeppelin's sorted leaves). Throws
 * `RelayTreeMismatchError` unless its root is the campaign's.
 */
export async function loadRelayTree(sql: SqlQueryable, { campaignId, merkleRoot }: LoadRelayTreeParameters): Promise<LoadRelayTreeReturnType> {
  const stored = await readStoredTreeInfo(sql, campaignId)
  let tree: MerkleTree
  if (stored) {
    tree = decodeCompactTree(await readStoredTreeBytes(sql, campaignId, stored, 0, stored.byteLength))
  } else {
    const { rows } = await sql.query<{ index: number; account: string; amount: string }>(
      'SELECT index, account, amount::text AS amount FROM allocations WHERE campaign_id = $1 ORDER BY index',
      [campaignId],
    )
    tree = buildTree({ values: rows.map((r) => [BigInt(r.index), r.account, BigInt(r.amount)]), leafEncoding: ALLOCATION_LEAF_ENCODING })
  }
  if (tree.root.toLowerCase() !== merkleRoot.toLowerCase()) {
    throw new RelayTreeMismatchError(`campaign ${campaignId}: its stored tree has root ${tree.root}, not ${merkleRoot}`, { campaignId })
  }
  const positionOf = new Map<string, number>()
  tree.values.forEach((value, position) => positionOf.set(String(value[0]), position))
  return { tree, positionOf }
}
