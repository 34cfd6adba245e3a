import type { Address, Hex } from 'viem'
import type { Db } from '../db/types'
import { parseHeader } from '../merkle/compact'
import { checksumAddress } from '../merkle/keccak'
import { decodeLeaf } from '../merkle/leaf-encoding'
import { datasetJsonChunks } from './dataset-json-chunks'
import { InvalidAirdropRequestError } from './errors'
import { hashDataset } from './hash-dataset'
import { loadServedCampaign, serveCompactTree, type HeldCampaign, type ServedCampaign } from './load-served-campaign'
import { CLAIM_LEAF_ENCODING } from './schema'

/** One proof chunk file: every recipient whose address starts with the chunk's two hex digits. */
export type ProofChunk = Record<Address, { index: number; amount: string; proof: Hex[] }>

export type ExportCampaignParameters = { campaignId: string }

export type ExportCampaignReturnType = {
  campaignId: string
  root: Hex
  /** `hashDataset` of the dump: `keccak256(dump.json bytes)`. */
  contentHash: Hex
  leafEncoding: string[]
  recipients: number
  /** The OpenZeppelin `standard-v1` dump as canonical JSON text, in pieces (concatenated: `dump.json`). */
  dumpJson: () => Generator<string>
  /** Chunk names present, lowercase: the first two hex digits of the addresses (`proofs/<name>.json`). */
  chunkNames: string[]
  /** The chunk `name`; throws `InvalidAirdropRequestError` (field `chunk`) for a name that is not two hex digits. */
  proofChunk: (name: string) => ProofChunk
}

type Prepared = { held: HeldCampaign; values: unknown[][]; treeIndexOf: Uint32Array; nodes: Uint8Array; buckets: Map<string, number[]>; contentHash: Promise<Hex> }
const prepared = new WeakMap<Buffer, Prepared>()

/**
 * What a campaign's recipients need to claim without Arbor: its `standard-v1` dump (loads in
 * `@openzeppelin/merkle-tree`, same root), per-address proof chunks, and the content hash the
 * distributor committed. From the stored compact tree; throws as `loadServedCampaign`.
 */
export async function exportCampaign(db: Db, { campaignId }: ExportCampaignParameters): Promise<ExportCampaignReturnType> {
  const campaign = await loadServedCampaign(db, { campaignId })
  const parts = prepare(campaign, await campaign.readBytes())
  const contentHash = await parts.contentHash
  const dataset = { leafEncoding: [...CLAIM_LEAF_ENCODING], nodes: parts.nodes, values: parts.values, treeIndexOf: parts.treeIndexOf }
  return {
    campaignId: campaign.campaignId,
    root: campaign.root,
    contentHash,
    leafEncoding: [...CLAIM_LEAF_ENCODING],
    recipients: campaign.leafCount,
    dumpJson: () => datasetJsonChunks(dataset),
    chunkNames: [...parts.buckets.keys()].sort(),
    proofChunk: (name) => {
      if (!/^[0-9a-fA-F]{2}$/.test(name)) throw new InvalidAirdropRequestError('chunk', `${JSON.stringify(name)} is not two hex digits`)
      const chunk: ProofChunk = {}
      for (const valueIndex of parts.buckets.get(name.toLowerCase()) ?? []) {
        const { index, account, amount, proof } = parts.held.claimAt(valueIndex)
        chunk[account] = { index, amount: amount.toString(), proof }
      }
      return chunk
    },
  }
}

function prepare(campaign: ServedCampaign, bytes: Buffer): Prepared {
  const cached = prepared.get(bytes)
  if (cached) return cached
  const { n, layout, nodesAt, treeIndexAt, valuesAt } = parseHeader(bytes, bytes.length)
  const treeIndexOf = new Uint32Array(n)
  const values: unknown[][] = new Array(n)
  const buckets = new Map<string, number[]>()
  for (let i = 0; i < n; i++) {
    treeIndexOf[i] = bytes.readUInt32LE(treeIndexAt + 4 * i)
    const at = valuesAt + i * layout.headSize
    values[i] = decodeLeaf(layout, bytes.subarray(at, at + layout.headSize), checksumAddress)
    const name = bytes.toString('hex', at + 44, at + 45)
    const bucket = buckets.get(name)
    if (bucket) bucket.push(i)
    else buckets.set(name, [i])
  }
  const nodes = bytes.subarray(nodesAt, treeIndexAt)
  const result: Prepared = { held: campaign.bytes === bytes ? (campaign as HeldCampaign) : serveCompactTree(campaign.campaignId, bytes, campaign.live, campaign.root), values, treeIndexOf, nodes, buckets, contentHash: hashDataset({ leafEncoding: [...CLAIM_LEAF_ENCODING], nodes, values, treeIndexOf }) }
  prepared.set(bytes, result)
  return result
}
