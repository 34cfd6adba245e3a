/**
 * Column arrays for the intake's set-based statements. Fixed-width hex values (ids, addresses)
 * travel as one bytea parameter and are read back with `substring`: a text[] of hex strings cost
 * about 2.5 µs an element to parse on the server, more than inserting the row.
 */
import { InvariantError } from '../errors'
import type { VerifiedMessage } from './types'

/** Fixed-width 0x-hex values (32-byte ids, 20-byte addresses) as one bytea parameter, `width` bytes each. */
export function hexBytes(values: readonly string[], width: number): Buffer {
  // one decode of the joined hex: about half the CPU of a write per value
  const bytes = Buffer.from(values.map((value) => value.slice(2)).join(''), 'hex')
  if (bytes.length !== values.length * width) throw new InvariantError(`hexBytes: expected ${values.length} values of ${width} bytes as 0x-hex`)
  return bytes
}

/**
 * Decimal integers (as strings or numbers) as one Postgres array literal for an `int4[]`, `int8[]`
 * or `numeric[]` parameter: `{1,2,3}`. pg serializes a JS array element by element (escaping each
 * as text), which cost more than the join. Only for values known to be plain integers.
 */
export const integerArray = (values: readonly (string | number)[]): string => `{${values.join(',')}}`

export const idBytes = (ids: readonly string[]): Buffer => hexBytes(ids, 32)

/** SQL: value `n` (1-based, an expression) of `hexBytes` parameter `$param`, as 0x-hex text. */
export const hexAt = (param: number, width: number, n: string): string =>
  `'0x' || encode(substring($${param}::bytea FROM ${n}::int4 * ${width} - ${width - 1} FOR ${width}), 'hex')`

/** SQL: the ids of `idBytes` parameter `$param`, as rows of bytea. */
export const idsOf = (param: number): string =>
  `(SELECT substring($${param}::bytea FROM i * 32 + 1 FOR 32) FROM generate_series(0, length($${param}::bytea) / 32 - 1) AS i)`

/**
 * The winners' shards as a short array (`shards`, with each shard's batch in `batchIds`) and each
 * row's 1-based index into it (`rowShard`): a uuid per row cost as much to parse as a hex id.
 */
export function shardColumns(winners: readonly { message: VerifiedMessage; batchId: number }[]) {
  const batchOf = new Map(winners.map((w) => [w.message.shardKey, w.batchId]))
  const shards = [...batchOf.keys()]
  const position = new Map(shards.map((shard, i) => [shard, i + 1]))
  return { shards, batchIds: [...batchOf.values()], rowShard: winners.map((w) => position.get(w.message.shardKey)!) }
}
