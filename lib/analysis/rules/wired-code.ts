import type { Finding } from '../schema'
import type { RuleContext } from './types'

function age(seconds: number): string {
  if (seconds < 2 * 3600) return `${Math.max(1, Math.round(seconds / 60))} minutes`
  if (seconds < 2 * 86_400) return `${Math.round(seconds / 3600)} hours`
  return `${Math.round(seconds / 86_400)} days`
}

/**
 * What the fork found at each address the actions wire in (`simulation.wired`): no code where a
 * contract is expected (a registry, oracle, implementation, router or manager that is an EOA:
 * one private key answers for it) is high; code deployed within the last 7 days is medium;
 * SELFDESTRUCT in it is high (the code can vanish and be replaced by other code at the same
 * address), DELEGATECALL medium (it runs code from elsewhere in its own context).
 * Motivation: Tornado Cash proposal 20 (May 2023) wired in a contract deployed days earlier that
 * self-destructed and came back with new code; oracle takeovers point protocols at fresh contracts.
 */
export function wiredCode({ simulation, book }: RuleContext): Finding[] {
  const findings: Finding[] = []
  for (const wired of simulation?.wired ?? []) {
    const what = `${book.name(wired.address)} (${wired.argument} of action ${wired.actionIndex}${wired.power ? `, the new ${wired.power}` : ''})`
    if (!wired.hasCode) {
      findings.push({
        rule: 'wired-code',
        severity: wired.expectsContract ? 'high' : 'low',
        message: wired.expectsContract
          ? `${what} has no code on the fork: an externally owned account where a contract is expected, so whoever holds its key decides.`
          : `${what} has no code on the fork: an externally owned account, one private key.`,
        evidence: `eth_getCode(${wired.address}) = 0x at the fork block`,
      })
      continue
    }
    if (wired.deployedSecondsBefore !== undefined) {
      findings.push({
        rule: 'wired-code',
        severity: 'medium',
        message: `${what} was deployed ${age(wired.deployedSecondsBefore)} before the fork block: new, unproven code.`,
        evidence: `first block with code: ${wired.deployedBlock}`,
      })
    }
    if (wired.selfdestruct) {
      findings.push({ rule: 'wired-code', severity: 'high', message: `${what} contains SELFDESTRUCT: its code can be removed and replaced by other code at the same address.`, evidence: `opcode 0xff in the runtime code of ${wired.address}` })
    }
    if (wired.delegatecall) {
      findings.push({ rule: 'wired-code', severity: 'medium', message: `${what} contains DELEGATECALL: it can run code from another address in its own context.`, evidence: `opcode 0xf4 in the runtime code of ${wired.address}` })
    }
  }
  return findings
}
