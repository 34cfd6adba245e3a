/** A known address that `candidate` imitates, and how many hex digits it copies at each end. */
export type Lookalike = { known: string; prefix: number; suffix: number }

/**
 * Shared hex digits at the two ends (after `0x`, case-insensitive) that make an address a
 * look-alike: 7.
 *
 * Why 7. Address poisoning and vanity-address attacks do not need a collision, only an address
 * that *looks* the same where people look: wallets and explorers print `0x1234…abcd` (the first
 * and last 4 digits), some only the first 6–8. Vanity generators (profanity-class GPU search,
 * about 10^9 keys a second) buy each matched hex digit for ×16 tries: 4 digits cost 6.6·10^4
 * tries, 7 cost 2.7·10^8 (under a second), 8 cost 4.3·10^9 (seconds), 10 cost 10^12 (minutes). So
 * observed poisoning addresses copy 3–5 digits at each end, or 6–8 at the front; anything from 7
 * shared end digits up is well within an attacker's budget. Whether the match is at the front,
 * the back or split between them does not change the cost, so the rule counts their sum.
 * The other side: an unrelated address shares k end digits with a given one with probability
 * about (k+1)·16^-k. At 7 that is 3·10^-8 per pair: a proposal with 200 address arguments
 * checked against 200 known contracts raises a false alarm about once in a thousand proposals.
 * At 6 it would be 2% of such proposals, too noisy for a high finding.
 * Leading zeros do not count: gas-saving vanity addresses (Seaport, Permit2, precompiles, the
 * zero and burn addresses) share long runs of zeros with each other without imitating anything,
 * and a run of zeros is what every such address has, not what identifies one.
 */
export const lookalikeDigits = 7

const hexOf = (address: string) => address.toLowerCase().replace(/^0x/, '')

/** How `candidate` resembles `known`: distinctive shared digits at the front and at the back. */
export function sharedEnds(candidate: string, known: string): { prefix: number; suffix: number } {
  const a = hexOf(candidate)
  const b = hexOf(known)
  if (a.length !== 40 || b.length !== 40 || a === b) return { prefix: 0, suffix: 0 }
  let prefix = 0
  while (prefix < 40 && a[prefix] === b[prefix]) prefix++
  let suffix = 0
  while (suffix < 40 - prefix && a[39 - suffix] === b[39 - suffix]) suffix++
  const zeros = /^0*/.exec(b)![0].length
  return { prefix: Math.max(0, prefix - zeros), suffix }
}

/**
 * The known address `candidate` imitates (most shared digits first), or `undefined`.
 * The genuine address is not a look-alike of itself; comparison ignores case.
 */
export function findLookalike(candidate: string, known: Iterable<string>): Lookalike | undefined {
  let best: Lookalike | undefined
  for (const address of known) {
    const { prefix, suffix } = sharedEnds(candidate, address)
    if (prefix + suffix < lookalikeDigits) continue
    if (!best || prefix + suffix > best.prefix + best.suffix) best = { known: address, prefix, suffix }
  }
  return best
}
