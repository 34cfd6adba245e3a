import { formatUnits } from 'viem'
import type { Finding } from '../schema'
import type { RuleContext } from './types'

const noEffectClaims = [
  /no (?:change|changes) to (?:the )?(?:funds|treasury|balances|token|tokens|permissions)/i,
  /no funds (?:are |will be )?(?:moved|move|transferred|touched|spent)/i,
  /(?:does|will) not (?:move|transfer|touch|spend) (?:any )?(?:funds|tokens|money)/i,
  /no on-?chain (?:effect|effects|changes?|actions?)/i,
  /routine maintenance/i,
  /same logic as before/i,
  /\b(?:purely )?cosmetic\b/i,
  /\bno-?op\b/i,
  /(?:only|just) (?:updates?|changes?|fix(?:es)?) (?:the )?(?:docs|documentation|metadata|text|typos?|comments?)/i,
  /(?:signal(?:l?ing)?|temperature check) only/i,
]

const consequential = ['transfer', 'approve', 'mint', 'ownership', 'role', 'upgrade', 'initialize', 'native-transfer', 'delegatecall', 'destroy']

const multipliers: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, mm: 1e6, b: 1e9, billion: 1e9 }

/** Amounts the text states for a token symbol: `50,000 ARB`, `1.5M USDC`, `ARB 2,000`. */
function statedAmounts(text: string, symbol: string): number[] {
  const escaped = symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const amount = String.raw`(\d[\d,]*(?:\.\d+)?)\s*(k|m|mm|b|thousand|million|billion)?`
  const found: number[] = []
  for (const pattern of [new RegExp(`${amount}\\s*\\$?${escaped}\\b`, 'gi'), new RegExp(`\\b${escaped}\\s+${amount}`, 'gi')]) {
    for (const match of text.matchAll(pattern)) {
      const value = Number(match[1]!.replace(/,/g, '')) * (multipliers[(match[2] ?? '').toLowerCase()] ?? 1)
      if (Number.isFinite(value) && value > 0) found.push(value)
    }
  }
  return found
}

/**
 * A description that contradicts the calldata: it claims no on-chain effect while the actions
 * move funds or power, or it states token amounts the actions do not move.
 * Motivation: Tornado Cash proposal 20 (May 2023) claimed "the same logic as proposal 16";
 * Beanstalk BIP-18 (April 2022) was titled a Ukraine donation; Compound 289 (July 2024) presented
 * a 24 M$ transfer as an investment product.
 */
export function textMismatch({ input, actions, movements, book }: RuleContext): Finding[] {
  const text = `${input.title}\n${input.body}`
  const findings: Finding[] = []
  const moving = actions.filter((action) => action.kinds.some((kind) => consequential.includes(kind)))
  const claims = noEffectClaims.map((pattern) => text.match(pattern)?.[0]).filter((hit): hit is string => Boolean(hit))
  const claim = claims[0]
  if (claim && moving.length > 0) {
    findings.push({
      rule: 'text-mismatch',
      severity: 'high',
      message: `The text says “${claim}”, but ${moving.slice(0, 3).map((a) => `action ${a.index} would ${a.description.charAt(0).toLowerCase()}${a.description.slice(1).replace(/\.$/, '')}`).join('; ')}.`,
      evidence: `claim${claims.length > 1 ? 's' : ''} ${claims.map((c) => `“${c}”`).join(', ')} vs action${moving.length > 1 ? 's' : ''} ${moving.map((a) => a.index).join(', ')}`,
    })
  }
  for (const entry of input.context?.treasury ?? []) {
    if (!entry.symbol || entry.decimals === undefined) continue
    const stated = statedAmounts(text, entry.symbol)
    if (stated.length === 0) continue
    const moved = movements.filter((m) => m.asset !== 'native' && m.asset.toLowerCase() === entry.token.toLowerCase() && !m.unlimited)
    for (const movement of moved) {
      const actual = Number(formatUnits(movement.amount, entry.decimals))
      const matches = stated.some((value) => Math.abs(value - actual) <= Math.max(1e-9, actual * 0.01))
      if (!matches) {
        findings.push({
          rule: 'text-mismatch',
          severity: 'high',
          message: `The text speaks of ${stated.map((v) => v.toLocaleString('en-US')).join(' / ')} ${entry.symbol}, but action ${movement.actionIndex} moves ${book.amount(entry.token, movement.amount)}.`,
          evidence: `stated ${stated.join(', ')} ${entry.symbol}; calldata amount ${movement.amount.toString()}`,
        })
      }
    }
  }
  return findings
}
