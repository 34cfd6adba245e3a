import type { Finding, Severity } from '../schema'
import type { RuleContext } from './types'

const nativeKeys = ['0x0000000000000000000000000000000000000000', '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee']

/** Shares of a treasury balance (0..1) at which an outflow becomes medium, high, critical. */
export const outflowThresholds = [0.05, 0.2, 0.5] as const

/** The severity of moving `share` (0..1) of a treasury balance. */
export function outflowSeverity(share: number): Severity {
  if (share >= outflowThresholds[2]) return 'critical'
  if (share >= outflowThresholds[1]) return 'high'
  if (share >= outflowThresholds[0]) return 'medium'
  return 'low'
}

/**
 * `share` (0..1) as a percentage with as many decimals as the thresholds need: one (two under 1%),
 * more while the rounded figure would sit on a threshold or across one from the share compared.
 * 0.0499 → "4.99%" (low), 0.0501 → "5.01%" (medium), 0.05 → "5.0%" (medium), never "5.0%" for both.
 */
export function formatShare(share: number): string {
  let decimals = share < 0.01 ? 2 : 1
  const misleading = (printed: number) =>
    outflowThresholds.some((t) => (printed >= t) !== (share >= t) || (printed === t && share !== t))
  while (decimals < 8 && misleading(Number((share * 100).toFixed(decimals)) / 100)) decimals++
  return `${(share * 100).toFixed(decimals)}%`
}

/**
 * Funds leaving the treasury, as a share of the balances the caller says it holds: transfers,
 * allowances (an allowance is an outflow its holder can take at will) and ETH sent as value.
 * Motivation: Compound proposal 289 (July 2024) moved 499,000 COMP, about 5% of supply and most of
 * the treasury's COMP, to a "goldCOMP" vault the proposers controlled; Beanstalk (April 2022) and
 * Audius (July 2022) proposals drained nearly everything.
 */
export function treasuryOutflow({ movements, book, input }: RuleContext): Finding[] {
  const totals = new Map<string, { amount: bigint; unlimited: boolean; indices: string[]; token: string }>()
  for (const movement of movements) {
    if (movement.kind === 'mint' || movement.kind === 'nft') continue
    if (movement.from !== 'executor' && !book.isKnown(movement.from)) continue
    const key = movement.asset === 'native' ? 'native' : movement.asset.toLowerCase()
    const total = totals.get(key) ?? { amount: 0n, unlimited: false, indices: [], token: movement.asset }
    total.amount += movement.amount
    total.unlimited ||= movement.unlimited
    total.indices.push(movement.actionIndex)
    totals.set(key, total)
  }
  const findings: Finding[] = []
  for (const [key, total] of totals) {
    const entry =
      key === 'native'
        ? input.context?.treasury?.find((e) => nativeKeys.includes(e.token.toLowerCase()))
        : input.context?.treasury?.find((e) => e.token.toLowerCase() === key)
    const where = `action${total.indices.length > 1 ? 's' : ''} ${total.indices.join(', ')}`
    if (total.unlimited) {
      findings.push({
        rule: 'treasury-outflow',
        severity: 'high',
        message: `An unlimited allowance over the treasury’s ${book.amount(total.token, 0n).replace(/^0 /, '')} is granted.`,
        evidence: `${where}: allowance of 2^255 or more`,
      })
      continue
    }
    const balance = entry ? BigInt(entry.balance) : 0n
    if (!entry || balance === 0n) {
      findings.push({
        rule: 'treasury-outflow',
        severity: total.amount > 0n ? 'low' : 'info',
        message: `Moves ${book.amount(total.token, total.amount)}; the treasury’s balance of this asset is not known, so its share cannot be judged.`,
        evidence: where,
      })
      continue
    }
    const share = Number((total.amount * 1_000_000n) / balance) / 1_000_000
    findings.push({
      rule: 'treasury-outflow',
      severity: outflowSeverity(share),
      message: `Moves ${book.amount(total.token, total.amount)}, ${formatShare(share)} of the treasury’s ${book.amount(total.token, balance)}.`,
      evidence: `${where}; treasury balance ${entry.balance}`,
    })
  }
  return findings
}
