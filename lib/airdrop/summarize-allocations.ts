import type { CampaignReview } from './get-campaign-review'

/** Allocations ranked in `largest`. */
export const LARGEST_ALLOCATIONS = 10

/**
 * The review's figures from allocations in index order, one pass: the ten largest (amount
 * descending, ties by index) and the recipients per number of decimal digits of the amount in base
 * units. What the review's two queries over `allocations` give, computed while the import still
 * holds the rows. Each allocation is a tree value `[index, account, amount]`: amounts as decimal
 * strings without leading zeros (or bigints), accounts as they are stored (lower case).
 */
export function summarizeAllocations(values: ReadonlyArray<ReadonlyArray<string | number | bigint>>): CampaignReview {
  const perDigits: number[] = []
  // the ranking so far, largest first; compared as decimal strings (longer is larger, then by characters)
  const top: { index: number; account: string; amount: string }[] = []
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!
    const amount = typeof value[2] === 'string' ? value[2] : String(value[2])
    perDigits[amount.length] = (perDigits[amount.length] ?? 0) + 1
    // equal amounts keep the earlier index first: a later one enters only when strictly larger
    if (top.length === LARGEST_ALLOCATIONS && compareDecimal(amount, top[LARGEST_ALLOCATIONS - 1]!.amount) <= 0) continue
    let at = top.length
    while (at > 0 && compareDecimal(amount, top[at - 1]!.amount) > 0) at--
    top.splice(at, 0, { index: Number(value[0]), account: String(value[1]), amount })
    if (top.length > LARGEST_ALLOCATIONS) top.pop()
  }
  const histogram: CampaignReview['histogram'] = []
  perDigits.forEach((recipients, digits) => {
    if (recipients) histogram.push({ exponent: digits - 1, recipients })
  })
  return { largest: top, histogram }
}

function compareDecimal(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length
  return a < b ? -1 : a > b ? 1 : 0
}
