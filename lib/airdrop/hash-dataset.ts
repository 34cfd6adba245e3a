import { createKeccak } from 'hash-wasm'
import type { Hex } from 'viem'
import { datasetEntryCount, datasetJsonBytes, type DatasetSource } from './dataset-json-chunks'

export type HashDatasetOptions = {
  /** Called as the JSON is hashed: entries (tree nodes and values) done of their total. */
  onProgress?: (progress: { done: number; total: number }) => void
}

/**
 * The dataset's content hash: `keccak256` of the UTF-8 bytes of its canonical JSON
 * (`datasetJsonChunks`). This bytes32 is what the distributor factory commits on-chain when a
 * campaign is created, and `exportCampaign` writes `dump.json` in exactly those bytes, so anyone
 * checks an export with `keccak256(readFile('dump.json')) === contentHash`. Campaign creation and
 * export both call this one function. Streams: a million-leaf tree is never one string.
 */
export async function hashDataset(source: DatasetSource, { onProgress }: HashDatasetOptions = {}): Promise<Hex> {
  const keccak = await createKeccak(256)
  keccak.init()
  let pieces = 0
  const progress = { done: 0, total: onProgress ? datasetEntryCount(source) : 0 }
  const onEntries = onProgress && ((count: number) => {
    progress.done += count
    onProgress({ ...progress })
  })
  for (const chunk of datasetJsonBytes(source, undefined, onEntries)) {
    keccak.update(chunk)
    // a 1M-leaf dump is ~250 MB of JSON: let the server answer (progress polls, the import's heartbeat) meanwhile
    if (++pieces % 8 === 0) await new Promise((resolve) => setImmediate(resolve))
  }
  return `0x${keccak.digest('hex')}`
}
