import type { Finding } from '../schema'
import type { RuleContext } from './types'

/**
 * DELEGATECALL runs someone else's code with the caller's storage and funds: whatever that code
 * does, the treasury does. Also: calls into code that can self-destruct or be replaced, as the
 * fork simulation reads it from the chain.
 * Motivation: Tornado Cash governance (May 2023) executed proposal 20 by delegatecall into a
 * contract that had been self-destructed and redeployed with new code; Beanstalk BIP-18 (April
 * 2022) ran its `init` contract by delegatecall from diamondCut and drained the silo; the Bybit
 * Safe (Feb 2025) signed an execTransaction with operation = delegatecall.
 */
export function delegatecall({ actions, book, simulation }: RuleContext): Finding[] {
  const findings: Finding[] = []
  for (const action of actions) {
    if (!action.kinds.includes('delegatecall')) continue
    const known = book.isKnown(action.target)
    const how =
      action.operation === 'delegatecall'
        ? `DELEGATECALLs ${book.name(action.target)}`
        : `calls ${action.functionName}(), which its governance runs by DELEGATECALL, on ${book.name(action.target)}`
    findings.push({
      rule: 'delegatecall',
      severity: known ? 'medium' : 'high',
      message: `Action ${action.index} ${how}: that code runs with the caller’s storage and funds${known ? '' : ', and it is not a known contract'}.`,
      evidence: `${action.signature ?? action.selector ?? '(no calldata)'} · operation ${action.operation} · caller ${action.caller === 'executor' ? 'executor' : book.name(action.caller)}`,
    })
  }
  for (const code of simulation?.code ?? []) {
    if (code.selfdestruct || code.implementationSelfdestruct) {
      findings.push({
        rule: 'delegatecall',
        severity: 'high',
        message: `${book.name(code.address)} contains a SELFDESTRUCT opcode${code.implementationSelfdestruct ? ' in its implementation' : ''}: its code can disappear or, with CREATE2, be replaced.`,
        evidence: `opcode scan of the code at ${code.address}${code.implementation ? ` (implementation ${code.implementation})` : ''} on the fork`,
      })
    } else if (code.delegatecall && !code.implementation) {
      findings.push({
        rule: 'delegatecall',
        severity: 'low',
        message: `${book.name(code.address)} contains a DELEGATECALL opcode: what it does can depend on other code.`,
        evidence: `opcode scan of the code at ${code.address} on the fork`,
      })
    }
  }
  return findings
}
