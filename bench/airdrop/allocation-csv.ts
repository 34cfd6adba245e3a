import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'

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
