import { isqrt } from './isqrt'

const TWO32 = 4294967296
/** Veltkamp's splitter for doubles: 2²⁷ + 1. */
const SPLIT = 134217729
const SCALE = 1e9
/** 1e9 split into two 26-bit halves (Dekker), for the exact product s × 1e9. */
const SCALE_HI = SPLIT * SCALE - (SPLIT * SCALE - SCALE)
const SCALE_LO = SCALE - SCALE_HI

/**
 * floor(√(part × 10¹⁸)) for part = H·2³² + L (H, L non-negative integers, H < 2⁵², L < 2⁵³), in
 * Number arithmetic, written to `out` as out[0]·2³² + out[1] (exact integers; out[1] may be
 * negative). Returns false, writing nothing, when it cannot certify the floor: the caller then
 * takes the exact bigint `isqrt` (`rootOfBig`).
 *
 * How it stays exact: part is held as an unevaluated sum hi + lo of doubles (TwoSum: exact, 106
 * bits ≥ 84); s = √hi, and one Newton correction with the residual part − s² computed exactly
 * (Dekker's TwoProduct) gives √part to about 2⁻¹⁰¹ relative; × 10⁹ is again an exact TwoProduct.
 * The value T ≈ √part·10⁹ is thus known within δ = T·2⁻⁹⁰ + 2⁻⁴⁰, a bound far above the error
 * (≈ T·2⁻⁹⁹ + 2⁻⁵²). When no integer lies within δ of T, floor(T) is certain; otherwise (perfect
 * squares, about one part in 2¹⁷ at T ≈ 2⁷²) it returns false. √(part·10¹⁸) = √part·10⁹ exactly.
 */
export function rootOfParts(H: number, L: number, out: Float64Array): boolean {
  const a = H * TWO32
  const hi = a + L
  const bv = hi - a
  const lo = a - (hi - bv) + (L - bv)
  if (hi === 0) {
    out[0] = 0
    out[1] = 0
    return true
  }
  const s = Math.sqrt(hi)
  // s² = p + e exactly.
  const p = s * s
  const t = SPLIT * s
  const sh = t - (t - s)
  const sl = s - sh
  const e = sh * sh - p + sh * sl + sl * sh + sl * sl
  // part − s² = (hi − p) − e + lo; hi − p is exact (Sterbenz: p is within a factor 2 of hi).
  const d = hi - p - e + lo
  const corr = d / (2 * s)
  // (s + corr) × 1e9 = m + me + corr·1e9, with s × 1e9 = m + me exactly.
  const m = s * SCALE
  const me = sh * SCALE_HI - m + sh * SCALE_LO + sl * SCALE_HI + sl * SCALE_LO
  const fm = Math.floor(m)
  const frac = m - fm + (me + corr * SCALE)
  const f = Math.floor(frac)
  const delta = m * 8.077935669463161e-28 + 9.094947017729282e-13 // m·2⁻⁹⁰ + 2⁻⁴⁰
  if (frac - f <= delta || f + 1 - frac <= delta) return false
  const rh = Math.floor(fm / TWO32)
  out[0] = rh
  out[1] = fm - rh * TWO32 + f
  return true
}

/** The exact fallback: floor(√(part × 10¹⁸)) in bigint for part = H·2³² + L. */
export function rootOfBig(H: number, L: number): bigint {
  return isqrt((BigInt(H) * 4294967296n + BigInt(L)) * 10n ** 18n)
}
