import { LeafEncodingError } from './errors'
import type { MerkleTree } from './tree'

function keyOf(type: string, value: unknown): string {
  if (type === 'address' && typeof value === 'string') return value.toLowerCase()
  if (/^u?int/.test(type) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint')) {
    try {
      return BigInt(value).toString()
    } catch {
      return String(value)
    }
  }
  return typeof value === 'string' ? value : JSON.stringify(value)
}

/**
 * A lookup from one column's value (an address, case-insensitive; a number in any notation) to
 * value indices, built once for many lookups (e.g. address -> allocation index).
 */
export function createValueLookup(tree: MerkleTree, column: number): (key: unknown) => number[] {
  const type = tree.leafEncoding[column]
  if (type === undefined) throw new LeafEncodingError(`column ${column}`, column)
  const map = new Map<string, number[]>()
  tree.values.forEach((value, i) => {
    const key = keyOf(type, value[column])
    const list = map.get(key)
    if (list) list.push(i)
    else map.set(key, [i])
  })
  return (key) => map.get(keyOf(type, key)) ?? []
}

/** Value indices whose `column` equals `key`, by a scan (one lookup; use `createValueLookup` for many). */
export function findValueIndices(tree: MerkleTree, column: number, key: unknown): number[] {
  const type = tree.leafEncoding[column]
  if (type === undefined) throw new LeafEncodingError(`column ${column}`, column)
  const wanted = keyOf(type, key)
  const out: number[] = []
  tree.values.forEach((value, i) => {
    if (keyOf(type, value[column]) === wanted) out.push(i)
  })
  return out
}
