/**
 * floor(√n) for a non-negative bigint, exact. Below 2⁵³ the float root is corrected by ±1; above,
 * Newton's iteration from a float estimate raised just above the root (so it decreases
 * monotonically to the floor): the estimate has 52 good bits, and each step doubles them.
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
  let x = BigInt(Math.ceil(Math.sqrt(Number(n)) * (1 + 2 ** -40))) + 1n
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
