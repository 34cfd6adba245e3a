import type { Finding } from '../schema'
import type { RuleContext } from './types'

/**
 * Calls nobody can read: targets outside the DAO's known contracts, selectors no ABI or given
 * signature explains, and signatures that do not match their calldata (what voters are shown is
 * not what runs).
 * Motivation: Tornado Cash proposal 20 (May 2023) pointed at a fresh contract "with the same logic
 * as before"; governance-seatbelt exists because Compound-style proposals are opaque bytes.
 */
export function unknownTargets({ actions, book, input }: RuleContext): Finding[] {
  const findings: Finding[] = []
  const hasRegistry = Object.keys(input.context?.knownContracts ?? {}).length > 0
  const unknown = new Set<string>()
  for (const action of actions) {
    if (action.decodeError && /signature/.test(action.decodeError)) {
      findings.push({ rule: 'unknown-targets', severity: 'high', message: `Action ${action.index}: the signature shown does not match what the calldata calls.`, evidence: action.decodeError })
    }
    const targetKnown = book.isKnown(action.target)
    if (action.source === 'unknown') {
      findings.push({
        rule: 'unknown-targets',
        severity: targetKnown ? 'medium' : 'high',
        message: `Action ${action.index} calls an unknown function ${action.selector ?? '(malformed calldata)'} on ${book.name(action.target)}: what it does cannot be read.`,
        evidence: action.decodeError ?? `selector ${action.selector} matches no built-in ABI and no signature was given`,
      })
    }
    if (hasRegistry && !targetKnown && action.source !== 'empty' && !unknown.has(action.target)) {
      unknown.add(action.target)
      findings.push({ rule: 'unknown-targets', severity: 'medium', message: `${book.name(action.target)} (action ${action.index}) is not among the DAO’s known contracts.`, evidence: `target ${action.target}` })
    }
  }
  if (!hasRegistry && actions.length > 0) {
    findings.push({ rule: 'unknown-targets', severity: 'info', message: 'No list of known contracts was given: targets could not be checked against one.', evidence: 'context.knownContracts unset' })
  }
  return findings
}
