/** 2¹⁰⁶: below it the root is below 2⁵³ and the float root is within 2 of the floor. */
const FLOAT_ROOT = 2n ** 106n
/** 2²⁰⁴: below it one Newton step from the float root (52 good bits) lands within 2 above the floor. */
const ONE_STEP = 2n ** 204n

/**
 * floor(√n) for a non-negative bigint, exact: a float estimate, then (n ≥ 2¹⁰⁶) Newton steps,
 * then corrected until r² ≤ n < (r + 1)², so the result is exact whatever the estimate's error.
 */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number')
  if (n < 9007199254740992n) {
    const m = Number(n)
    let x = Math.floor(Math.sqrt(m))
    while (x * x > m) x--
    while ((x + 1) * (x + 1) <= m) x++
    return BigInt(x)
  }
  if (n < ONE_STEP) {
    let x = BigInt(Math.floor(Math.sqrt(Number(n))))
    // Newton from any x > 0 lands at or above the floor: (x + n/x)/2 ≥ √n.
    if (n >= FLOAT_ROOT) x = (x + n / x) >> 1n
    while (x * x > n) x--
    while ((x + 1n) * (x + 1n) <= n) x++
    return x
  }
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)) * (1 + 2 ** -40))) + 1n
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
