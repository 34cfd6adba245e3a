/** Message ids (0x-hex) as one bytea parameter: 32 bytes each, read back with `substring` (a bytea[] literal costs ~2.5 µs an element to parse). */
export function idBytes(ids: readonly string[]): Buffer {
  const bytes = Buffer.allocUnsafe(ids.length * 32)
  ids.forEach((id, i) => bytes.write(id.slice(2), i * 32, 'hex'))
  return bytes
}

/** SQL: the ids of `idBytes` parameter `$n` as rows. */
export const idsOf = (n: number) => `(SELECT substring($${n}::bytea FROM i * 32 + 1 FOR 32) FROM generate_series(0, length($${n}::bytea) / 32 - 1) AS i)`
