import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { getAddress } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStoredTreeBytes, readStoredTreeInfo, storeCampaignTree } from '@/lib/airdrop/campaign-tree-store'
import { UnservableCampaignTreeError } from '@/lib/airdrop/errors'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { loadRelayTree } from '@/lib/airdrop/load-relay-tree'
import { serveStoredSlices } from '@/lib/airdrop/load-served-campaign'
import { CHUNKED_COMPACT_TREE_FORMAT, CLAIM_LEAF_ENCODING, COMPACT_TREE_FORMAT } from '@/lib/airdrop/schema'
import { encodeCompactTree } from '@/lib/merkle'
import { parseHeader } from '@/lib/merkle/compact'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { storeTestCampaign, testRecipients, type TestAllocation } from '../support/store-campaign'

const allocations: TestAllocation[] = testRecipients(200, 'chunked').map((account, i) => ({ account, amount: BigInt(i + 1) * 10n ** 15n }))
const oz = StandardMerkleTree.of(allocations.map((a, i) => [String(i), a.account, a.amount.toString()]), [...CLAIM_LEAF_ENCODING])

/** Both saved formats of a campaign tree on a real database: the single `layers` value and the chunk rows. */
describe('campaign tree storage', () => {
  let database: TestDatabase
  let chunked: string
  let single: string
  let bytes: Buffer

  const treeWrites: { done: number; total: number }[] = []
  beforeAll(async () => {
    database = await createTestDatabase()
    // stored the old way (one `layers` value), then the same tree re-stored chunked on a second campaign
    const first = await storeTestCampaign(database.db, { allocations })
    single = first.id
    chunked = (await storeTestCampaign(database.db, { allocations })).id
    bytes = Buffer.from(encodeCompactTree(first.tree))
    await database.sql.transaction((tx) =>
      // 1,000-byte chunks: a proof's nodes cross chunk borders
      storeCampaignTree(tx, { campaignId: chunked, leafTypes: CLAIM_LEAF_ENCODING, root: first.tree.root, leafCount: allocations.length, bytes, chunkBytes: 1000, onProgress: (written) => treeWrites.push(written) }),
    )
  }, 60_000)
  afterAll(async () => {
    await database?.drop()
  })

  it('replaces a single-value tree by chunk rows, and reads any byte range back from either format', async () => {
    expect(await database.db.campaignTree.findUniqueOrThrow({ where: { campaignId: chunked } })).toMatchObject({
      format: CHUNKED_COMPACT_TREE_FORMAT,
      layers: null,
      chunkBytes: 1000,
      byteLength: BigInt(bytes.length),
    })
    expect(await database.db.campaignTreeChunk.count({ where: { campaignId: chunked } })).toBe(Math.ceil(bytes.length / 1000))
    // one progress report per chunk row, up to the whole tree
    expect(treeWrites.map((w) => w.done)).toEqual(Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => Math.min(bytes.length, (i + 1) * 1000)))
    expect(treeWrites.at(-1)).toEqual({ done: bytes.length, total: bytes.length })
    for (const campaignId of [chunked, single]) {
      const info = (await readStoredTreeInfo(database.sql, campaignId))!
      expect(info.format).toBe(campaignId === chunked ? CHUNKED_COMPACT_TREE_FORMAT : COMPACT_TREE_FORMAT)
      expect(info.byteLength).toBe(bytes.length)
      for (const [offset, length] of [[0, bytes.length], [999, 2], [1000, 1000], [4321, 3456], [bytes.length - 7, 7], [5, 0]] as const) {
        expect((await readStoredTreeBytes(database.sql, campaignId, info, offset, length)).equals(bytes.subarray(offset, offset + length))).toBe(true)
      }
      await expect(readStoredTreeBytes(database.sql, campaignId, info, bytes.length - 1, 2)).rejects.toThrow(UnservableCampaignTreeError)
    }
  })

  it('serves OpenZeppelin’s proofs and the relayer’s tree from the chunked format', async () => {
    for (const [i, value] of oz.entries()) {
      const claim = await getClaimProof(database.db, { campaignId: chunked, account: String(value[1]) })
      expect(claim.index).toBe(i)
      expect(claim.proof).toEqual(oz.getProof(i))
    }
    const { tree } = await loadRelayTree(database.sql, { campaignId: chunked, merkleRoot: oz.root })
    expect(tree.root).toBe(oz.root)
  })

  it('serves a tree too large for the cache by slices: OpenZeppelin’s proofs, nothing for a stranger, never a wrong proof', async () => {
    const info = (await readStoredTreeInfo(database.sql, chunked))!
    const served = await serveStoredSlices(database.sql, chunked, info, true)
    expect(served.bytes).toBeUndefined()
    for (const [i, value] of oz.entries()) {
      const claim = await served.claimAt(await served.findAccount(String(value[1]).toLowerCase()))
      expect(claim).toEqual({ index: i, account: getAddress(String(value[1])), amount: BigInt(value[2]!), proof: oz.getProof(i) })
      if (i % 50 === 0) expect((await served.claimBodyAt(i)).json).toBe(JSON.stringify({ ...claim, amount: claim.amount.toString() }))
    }
    expect(await served.findAccount(`0x${'ab'.repeat(20)}`)).toBe(-1)
    // a flipped byte in the stored value of index 7: its proof is refused, not answered
    const { valuesAt } = parseHeader(bytes, bytes.length)
    const at = valuesAt + 7 * 96 + 95
    await database.sql.query(
      `UPDATE campaign_tree_chunks SET bytes = overlay(bytes PLACING $3 FROM $4) WHERE campaign_id = $1 AND seq = $2`,
      [chunked, Math.floor(at / 1000), Buffer.from([bytes[at]! ^ 1]), (at % 1000) + 1],
    )
    await expect(served.claimAt(7)).rejects.toThrow(UnservableCampaignTreeError)
    expect((await served.claimAt(8)).index).toBe(8)
  })

  it('refuses a chunked tree with a chunk missing, naming the campaign, and serves nothing from it', async () => {
    const broken = (await storeTestCampaign(database.db, { allocations })).id
    await database.sql.transaction((tx) =>
      storeCampaignTree(tx, { campaignId: broken, leafTypes: CLAIM_LEAF_ENCODING, root: oz.root, leafCount: allocations.length, bytes, chunkBytes: 4096 }),
    )
    await database.sql.query('DELETE FROM campaign_tree_chunks WHERE campaign_id = $1 AND seq = 2', [broken])
    await expect(getClaimProof(database.db, { campaignId: broken, account: allocations[0]!.account })).rejects.toThrow(UnservableCampaignTreeError)
    await expect(loadRelayTree(database.sql, { campaignId: broken, merkleRoot: oz.root })).rejects.toThrow(/shorter than its recorded size/)
  })
})
