import { isBurnAddress } from '../address-book'
import type { Finding } from '../schema'
import type { RuleContext } from './types'

/**
 * Who receives the funds or allowances: the proposer itself, an address nobody controls, an
 * address the DAO does not know, or (with simulation) a fresh account that has never sent a
 * transaction and holds no code.
 * Motivation: Build Finance and Beanstalk sent everything to the attacker's own fresh address;
 * the Synthetify DAO (Oct 2023) passed proposals paying the proposer while nobody watched.
 */
export function recipients({ movements, book, simulation, input }: RuleContext): Finding[] {
  const findings: Finding[] = []
  const proposer = book.proposer?.toLowerCase()
  const hasRegistry = Object.keys(input.context?.knownContracts ?? {}).length > 0
  const seen = new Set<string>()
  for (const movement of movements) {
    const to = movement.to.toLowerCase()
    const key = `${to}:${movement.actionIndex}`
    if (seen.has(key)) continue
    seen.add(key)
    const what = `${movement.kind === 'approve' ? 'An allowance (action ' + movement.actionIndex + ') goes' : `${movement.kind === 'mint' ? 'Newly minted tokens' : 'Funds'} (action ${movement.actionIndex}) go`}`
    const evidence = `${movement.kind} of ${movement.unlimited ? 'unlimited' : movement.amount.toString()} ${movement.asset === 'native' ? 'wei' : `of ${movement.asset}`} to ${movement.to}`
    if (proposer && to === proposer) {
      findings.push({ rule: 'recipients', severity: 'critical', message: `${what} to the proposer ${book.name(movement.to)}.`, evidence })
    } else if (isBurnAddress(to)) {
      findings.push({ rule: 'recipients', severity: 'high', message: `${what} to ${book.name(movement.to)}: nobody the DAO knows controls it, and nothing sent there comes back.`, evidence })
    } else if (!book.isKnown(to)) {
      const fresh = simulation?.recipients?.find((r) => r.address.toLowerCase() === to)
      if (fresh && !fresh.hasCode && fresh.nonce === 0) {
        findings.push({ rule: 'recipients', severity: 'high', message: `${what} to ${book.name(movement.to)}, a fresh account: no code and no transaction ever sent.`, evidence: `${evidence}; nonce 0, no code on the fork` })
      } else if (hasRegistry) {
        findings.push({ rule: 'recipients', severity: 'medium', message: `${what} to ${book.name(movement.to)}, which is not among the known addresses.`, evidence })
      }
    }
  }
  return findings
}
