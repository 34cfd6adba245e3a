/**
 * Splits `power` by `weights` into whole base units that sum exactly to `power`: each part is
 * floor(power × w / W), and the units left over go one each to the largest remainders (ties to the
 * earlier entry). Largest-remainder (Hamilton) apportionment: exact, and never more than the power.
 */
export function splitPower(power: bigint, weights: readonly number[]): bigint[] {
  if (weights.length === 1) return [power]
  if (weights.length === 2) {
    const w0 = BigInt(weights[0]!)
    const w1 = BigInt(weights[1]!)
    const total = w0 + w1
    const scaled = power * w0
    let first = scaled / total
    const r0 = scaled - first * total
    // The second remainder is (power × w1) mod total = (total - r0) mod total: one unit is left
    // over exactly when r0 > 0, and goes to the larger remainder (ties to the first).
    if (r0 > 0n && r0 >= total - r0) first += 1n
    return [first, power - first]
  }
  let sum = 0
  for (const w of weights) sum += w
  const total = BigInt(sum)
  const parts: bigint[] = new Array(weights.length)
  const remainders: bigint[] = new Array(weights.length)
  let left = power
  for (let i = 0; i < weights.length; i++) {
    const scaled = power * BigInt(weights[i]!)
    parts[i] = scaled / total
    remainders[i] = scaled % total
    left -= parts[i]!
  }
  while (left > 0n) {
    let best = -1
    for (let i = 0; i < weights.length; i++) if (best < 0 || remainders[i]! > remainders[best]!) best = i
    parts[best]! += 1n
    remainders[best] = -1n
    left -= 1n
  }
  return parts
}

/** Apportions `total` among `shares` (largest remainder, ties to the lower index); all zero → zeros. */
export function apportion(total: bigint, shares: readonly bigint[]): bigint[] {
  let sum = 0n
  for (const s of shares) sum += s
  if (sum === 0n) return shares.map(() => 0n)
  const parts = shares.map((s) => (s * total) / sum)
  const remainders = shares.map((s) => (s * total) % sum)
  let left = total - parts.reduce((a, b) => a + b, 0n)
  while (left > 0n) {
    let best = 0
    for (let i = 1; i < shares.length; i++) if (remainders[i]! > remainders[best]!) best = i
    parts[best]! += 1n
    remainders[best] = -1n
    left -= 1n
  }
  return parts
}
