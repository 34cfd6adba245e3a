import type { SqlQueryable } from '../db/types'
import { UnservableCampaignTreeError } from './errors'
import { CHUNKED_COMPACT_TREE_FORMAT, COMPACT_TREE_FORMAT } from './schema'

/**
 * Where a campaign's compact tree lives in Postgres, in either saved format:
 * - `arbor-compact-v1`: one `campaign_trees.layers` bytea (the first format; a value is capped at
 *   1 GB, so at most about 6M leaves);
 * - `arbor-compact-v1-chunked`: the same bytes in `campaign_tree_chunks` rows of `chunk_bytes`
 *   (16 MB) each, any size. What imports write now.
 */

/** Bytes per `campaign_tree_chunks` row: small enough for one bounded read, large enough for few rows. */
export const TREE_CHUNK_BYTES = 16 * 1024 * 1024

/** The stored tree's row, without its bytes. */
export type StoredTreeInfo = {
  format: string
  leafTypes: string[]
  root: string
  leafCount: number
  /** Total bytes of the compact tree. */
  byteLength: number
  /** Chunked format: bytes per chunk; undefined for the single-value format. */
  chunkBytes: number | undefined
}

export type StoreCampaignTreeParameters = {
  campaignId: string
  leafTypes: readonly string[]
  root: string
  leafCount: number
  /** The compact tree (`encodeCompactTree`). */
  bytes: Uint8Array
  /** Bytes per chunk row; default `TREE_CHUNK_BYTES`. */
  chunkBytes?: number
  /** Called after each chunk row is written: bytes written of the tree's total. */
  onProgress?: (progress: { done: number; total: number }) => void
}

/**
 * Writes (or replaces) a campaign's tree in the chunked format. Run it inside the transaction
 * that stores the allocations, so a failure leaves the earlier tree, or none.
 */
export async function storeCampaignTree(
  tx: SqlQueryable,
  { campaignId, leafTypes, root, leafCount, bytes, chunkBytes = TREE_CHUNK_BYTES, onProgress }: StoreCampaignTreeParameters,
): Promise<void> {
  await tx.query('DELETE FROM campaign_tree_chunks WHERE campaign_id = $1::uuid', [campaignId])
  await tx.query(
    `INSERT INTO campaign_trees (campaign_id, format, leaf_types, root, leaf_count, layers, byte_length, chunk_bytes)
     VALUES ($1, $2, $3, $4, $5, NULL, $6, $7)
     ON CONFLICT (campaign_id) DO UPDATE SET format = $2, leaf_types = $3, root = $4, leaf_count = $5, layers = NULL,
       byte_length = $6, chunk_bytes = $7, created_at = now()`,
    [campaignId, CHUNKED_COMPACT_TREE_FORMAT, [...leafTypes], root, leafCount, bytes.length, chunkBytes],
  )
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let seq = 0; seq * chunkBytes < buffer.length; seq++) {
    const piece = buffer.subarray(seq * chunkBytes, (seq + 1) * chunkBytes)
    await tx.query('INSERT INTO campaign_tree_chunks (campaign_id, seq, bytes) VALUES ($1, $2, $3)', [campaignId, seq, piece])
    onProgress?.({ done: seq * chunkBytes + piece.length, total: buffer.length })
  }
}

/** The stored tree's row (no bytes), or undefined when the campaign has none. */
export async function readStoredTreeInfo(sql: SqlQueryable, campaignId: string): Promise<StoredTreeInfo | undefined> {
  const { rows: [row] } = await sql.query<{ format: string; leaf_types: string[]; root: string; leaf_count: number; size: string | null; chunk_bytes: number | null }>(
    `SELECT format, leaf_types, root, leaf_count, COALESCE(byte_length, octet_length(layers))::text AS size, chunk_bytes
     FROM campaign_trees WHERE campaign_id = $1::uuid`,
    [campaignId],
  )
  if (!row) return undefined
  return {
    format: row.format,
    leafTypes: row.leaf_types,
    root: row.root,
    leafCount: row.leaf_count,
    byteLength: Number(row.size ?? 0),
    chunkBytes: row.chunk_bytes ?? undefined,
  }
}

/** Bytes a single-value read returns: bounded, so a large tree is never one huge query result. */
const READ_BYTES = 8 * 1024 * 1024

/**
 * `length` bytes of the stored tree from `offset`, whichever format: `substring()` slices of the
 * value or of the chunks that hold them, so reading a proof's nodes touches only their pages.
 * Throws `UnservableCampaignTreeError` for an unknown format or bytes missing.
 */
export async function readStoredTreeBytes(sql: SqlQueryable, campaignId: string, info: StoredTreeInfo, offset: number, length: number): Promise<Buffer> {
  if (offset < 0 || length < 0 || offset + length > info.byteLength) throw new UnservableCampaignTreeError(campaignId, `bytes ${offset}+${length} are outside the tree`)
  const out = Buffer.allocUnsafe(length)
  if (info.format === COMPACT_TREE_FORMAT) {
    for (let done = 0; done < length; done += READ_BYTES) {
      const size = Math.min(READ_BYTES, length - done)
      const { rows: [row] } = await sql.query<{ part: Uint8Array | null }>(
        'SELECT substring(layers FROM $2::int FOR $3::int) AS part FROM campaign_trees WHERE campaign_id = $1::uuid',
        [campaignId, offset + done + 1, size],
      )
      put(campaignId, out, done, row?.part, size)
    }
    return out
  }
  if (info.format !== CHUNKED_COMPACT_TREE_FORMAT || !info.chunkBytes) throw new UnservableCampaignTreeError(campaignId, `format ${JSON.stringify(info.format)}`)
  const chunk = info.chunkBytes
  for (let done = 0; done < length; ) {
    const at = offset + done
    const seq = Math.floor(at / chunk)
    const within = at - seq * chunk
    const size = Math.min(length - done, chunk - within)
    // a whole chunk is read as a value; a part of one by substring(), which reads only its pages
    const { rows: [row] } =
      within === 0 && size === Math.min(chunk, info.byteLength - seq * chunk)
        ? await sql.query<{ part: Uint8Array }>('SELECT bytes AS part FROM campaign_tree_chunks WHERE campaign_id = $1::uuid AND seq = $2::int', [campaignId, seq])
        : await sql.query<{ part: Uint8Array }>(
            'SELECT substring(bytes FROM $3::int FOR $4::int) AS part FROM campaign_tree_chunks WHERE campaign_id = $1::uuid AND seq = $2::int',
            [campaignId, seq, within + 1, size],
          )
    put(campaignId, out, done, row?.part, size)
    done += size
  }
  return out
}

function put(campaignId: string, out: Buffer, at: number, part: Uint8Array | null | undefined, size: number): void {
  if (!part || part.length !== size) throw new UnservableCampaignTreeError(campaignId, 'the stored tree is shorter than its recorded size, or changed while it was read')
  out.set(part, at)
}

/**
 * Several small byte ranges of the stored tree (a proof's nodes, a value) in one round trip, from
 * either format: `substring()` of only the chunks that hold them. A range may cross a chunk border.
 * Throws `UnservableCampaignTreeError` when bytes are missing.
 */
export async function readStoredTreeSlices(
  sql: SqlQueryable,
  campaignId: string,
  info: StoredTreeInfo,
  ranges: readonly (readonly [offset: number, length: number])[],
): Promise<Buffer[]> {
  const chunk = info.format === COMPACT_TREE_FORMAT ? Number.MAX_SAFE_INTEGER : info.chunkBytes
  if (info.format !== COMPACT_TREE_FORMAT && (info.format !== CHUNKED_COMPACT_TREE_FORMAT || !chunk)) {
    throw new UnservableCampaignTreeError(campaignId, `format ${JSON.stringify(info.format)}`)
  }
  const parts = { range: [] as number[], order: [] as number[], seq: [] as number[], from: [] as number[], size: [] as number[] }
  ranges.forEach(([offset, length], k) => {
    if (offset < 0 || length <= 0 || offset + length > info.byteLength) throw new UnservableCampaignTreeError(campaignId, `bytes ${offset}+${length} are outside the tree`)
    for (let at = offset, order = 0; at < offset + length; order++) {
      const seq = Math.floor(at / chunk!)
      const size = Math.min(offset + length - at, (seq + 1) * chunk! - at)
      parts.range.push(k)
      parts.order.push(order)
      parts.seq.push(seq)
      parts.from.push(at - seq * chunk! + 1)
      parts.size.push(size)
      at += size
    }
  })
  const [column, join] =
    info.format === COMPACT_TREE_FORMAT
      ? ['c.layers', 'campaign_trees c ON c.campaign_id = $1::uuid']
      : ['c.bytes', 'campaign_tree_chunks c ON c.campaign_id = $1::uuid AND c.seq = p.seq']
  const { rows } = await sql.query<{ k: number; part: Uint8Array }>(
    `SELECT p.k, substring(${column} FROM p.f FOR p.s) AS part
     FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::int[]) AS p(k, o, seq, f, s)
     JOIN ${join}
     ORDER BY p.k, p.o`,
    [campaignId, parts.range, parts.order, parts.seq, parts.from, parts.size],
  )
  const out = ranges.map(([, length]) => ({ buffer: Buffer.allocUnsafe(length), filled: 0 }))
  for (const { k, part } of rows) {
    const target = out[k]!
    target.buffer.set(part, target.filled)
    target.filled += part.length
  }
  return out.map((o, k) => {
    if (o.filled !== ranges[k]![1] || rows.length !== parts.range.length) throw new UnservableCampaignTreeError(campaignId, 'the stored tree is shorter than its recorded size')
    return o.buffer
  })
}
