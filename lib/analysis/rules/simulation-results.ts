import type { Finding } from '../schema'
import { formatShare, outflowSeverity } from './treasury-outflow'
import type { RuleContext } from './types'

/**
 * What the fork saw when the actions ran as the executor: actions that revert (the proposal
 * cannot execute as written, or depends on state it does not set up) and what the executor's
 * balances really lost, which calldata alone can hide behind a delegatecall or a custom contract.
 * Motivation: Beanstalk's BIP-18 calldata showed a diamondCut; only running it showed the silo
 * emptied into the attacker's address.
 */
export function simulationResults({ simulation, input, book }: RuleContext): Finding[] {
  if (!simulation) return []
  const findings: Finding[] = []
  for (const action of simulation.actions) {
    if (action.status !== 'reverted') continue
    findings.push({ rule: 'simulation', severity: 'medium', message: `Action ${action.index} reverts when run on a fork as the executor: the proposal cannot execute as written.`, evidence: action.error ?? 'reverted' })
  }
  const executor = simulation.executor.toLowerCase()
  for (const change of simulation.balanceChanges) {
    if (change.account.toLowerCase() !== executor) continue
    const delta = BigInt(change.delta)
    if (delta >= 0n) continue
    const before = BigInt(change.before)
    const share = before > 0n ? Number((-delta * 1_000_000n) / before) / 1_000_000 : 1
    const entry = input.context?.treasury?.find((e) => e.token.toLowerCase() === change.token.toLowerCase())
    const asset = change.token === 'native' ? 'native' : change.token
    findings.push({
      rule: 'simulation',
      severity: share >= 0.05 || entry ? outflowSeverity(share) : 'low',
      message: `On the fork, the executor loses ${book.amount(asset, -delta)}: ${formatShare(share)} of its balance.`,
      evidence: `${change.token} balance of ${change.account}: ${change.before} → ${change.after}`,
    })
  }
  return findings
}
