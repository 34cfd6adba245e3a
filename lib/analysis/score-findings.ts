import type { Finding, Level, Severity } from './schema'

const base: Record<Severity, number> = { info: 0, low: 15, medium: 35, high: 60, critical: 85 }

/** The level a 0-100 score reads as. */
export function levelOf(score: number): Level {
  if (score >= 75) return 'critical'
  if (score >= 50) return 'high'
  if (score >= 25) return 'medium'
  return 'low'
}

/**
 * The rule floor: the worst finding's score, plus up to 10 for further findings of medium or
 * worse. The bonus never crosses a level: many medium findings stay medium.
 */
export function scoreFindings(findings: readonly Finding[]): number {
  if (findings.length === 0) return 0
  const scores = findings.map((finding) => base[finding.severity]).sort((a, b) => b - a)
  const worst = scores[0]!
  const extra = Math.min(10, scores.slice(1).filter((score) => score >= base.medium).length * 3)
  return Math.min(100, worst + extra)
}
