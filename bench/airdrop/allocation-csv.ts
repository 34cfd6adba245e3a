/** The allocation benches' shared setup: the CSV they import and the draft campaign it goes into. */
import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import type { Db } from '@/lib/db/types'

/**
 * Writes the benches' allocation file (once: an existing file is kept): `address,amount`, then
 * `n` rows of distinct lower-case addresses and token amounts with up to 2 decimals (~50 bytes a row).
 */
export async function writeAllocationCsv(file: string, n: number): Promise<void> {
  if (existsSync(file)) return
  const out = createWriteStream(file)
  out.write('address,amount\n')
  let chunk = ''
  for (let i = 0; i < n; i++) {
    chunk += `0x${(i * 2654435761 + 1).toString(16).padStart(40, '0')},${(i % 997) + 1}.${i % 100}\n`
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(out, 'finish')
}

/** A draft campaign for the benches' imports (local ARB token, a one-day window), created by `createdBy`. */
export function createBenchCampaign(db: Db, name: string, createdBy: string): Promise<{ id: string }> {
  return db.campaign.create({
    data: {
      name,
      chainId: 31337,
      tokenAddress: '0x5fbdb2315678afecb367f032d93f642f64180aa3',
      tokenSymbol: 'ARB',
      tokenDecimals: 18,
      startAt: new Date(),
      endAt: new Date(Date.now() + 86_400_000),
      createdBy: createdBy.toLowerCase(),
    },
  })
}
