import { createHash } from 'node:crypto'
import type { Hex } from 'viem'

/**
 * The content hash of a dataset: SHA-256 of its OpenZeppelin standard-v1 dump's UTF-8 text,
 * as 0x hex (32 bytes), hashed chunk by chunk so a 10M-leaf dump is never one string. It is the
 * digest of the dump's CIDv1 (raw codec), so `sha256sum tree.json` checks an export.
 */
export function hashStandardDump(chunks: Iterable<string>): Hex {
  const hash = createHash('sha256')
  for (const chunk of chunks) hash.update(chunk, 'utf8')
  return `0x${hash.digest('hex')}`
}
