import type { Ballot } from './types'

function outranks(a: Ballot, b: Ballot): boolean {
  const ta = BigInt(a.timestamp ?? 0)
  const tb = BigInt(b.timestamp ?? 0)
  if (ta !== tb) return ta > tb
  const ia = a.id ?? ''
  const ib = b.id ?? ''
  if (ia !== ib) return ia < ib
  // Same timestamp and id: a total order on the content keeps the result independent of order.
  const ka = `${a.power}|${JSON.stringify(a.choice)}`
  const kb = `${b.power}|${JSON.stringify(b.choice)}`
  return ka < kb
}

/**
 * FNV-1a over the UTF-16 units with A–Z folded to a–z, or -1 when the voter has a non-ASCII unit
 * (then it is compared as `toLowerCase()` gives it, whose ASCII letters are already lower case).
 */
function hashOf(voter: string): number {
  let h = 0x811c9dc5
  for (let j = 0; j < voter.length; j++) {
    let c = voter.charCodeAt(j)
    if (c > 127) return -1
    if (c >= 65 && c <= 90) c += 32
    h = Math.imul(h ^ c, 0x01000193)
  }
  return h >>> 0
}

function rawHash(voter: string): number {
  let h = 0x811c9dc5
  for (let j = 0; j < voter.length; j++) h = Math.imul(h ^ voter.charCodeAt(j), 0x01000193)
  return h >>> 0
}

function sameVoter(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  for (let j = 0; j < a.length; j++) {
    let x = a.charCodeAt(j)
    let y = b.charCodeAt(j)
    if (x === y) continue
    if (x >= 65 && x <= 90) x += 32
    if (y >= 65 && y <= 90) y += 32
    if (x !== y) return false
  }
  return true
}

/**
 * One ballot per voter (voters compared case-insensitively, as `toLowerCase()`): the latest
 * timestamp counts, ties to the smaller message id, as the intake engine decides. A re-vote
 * replaces, never adds. Voters in first-appearance order. An open-addressing hash table of voter
 * numbers in typed arrays (no Map of strings): a hash and, on a hash match, a comparison per ballot.
 */
export function latestBallots(ballots: readonly Ballot[]): readonly Ballot[] {
  const n = ballots.length
  let size = 16
  while (size < n * 2) size *= 2
  const mask = size - 1
  const table = new Int32Array(size).fill(-1)
  const hashes = new Uint32Array(n)
  const voters: string[] = new Array(n)
  const kept = new Int32Array(n)
  let distinct = 0
  let replaced = false
  for (let i = 0; i < n; i++) {
    let voter = ballots[i]!.voter
    let hash = hashOf(voter)
    if (hash === -1) {
      voter = voter.toLowerCase()
      hash = hashOf(voter)
      // Still non-ASCII after lower-casing: hash the units as they are.
      if (hash === -1) hash = rawHash(voter)
    }
    let slot = hash & mask
    for (;;) {
      const held = table[slot]!
      if (held === -1) {
        table[slot] = distinct
        hashes[distinct] = hash
        voters[distinct] = voter
        kept[distinct] = i
        distinct++
        break
      }
      if (hashes[held] === hash && sameVoter(voters[held]!, voter)) {
        replaced = true
        if (outranks(ballots[i]!, ballots[kept[held]!]!)) kept[held] = i
        break
      }
      slot = (slot + 1) & mask
    }
  }
  if (!replaced) return ballots
  const result: Ballot[] = new Array(distinct)
  for (let v = 0; v < distinct; v++) result[v] = ballots[kept[v]!]!
  return result
}
