import type { DecodedAction, Finding, Severity } from '../schema'
import type { RuleContext } from './types'

const privileged = ['mint', 'ownership', 'role', 'upgrade', 'initialize', 'oracle', 'destroy'] as const

const whatChanges: Record<(typeof privileged)[number], string> = {
  mint: 'mints new tokens',
  ownership: 'changes who owns or administers a contract',
  role: 'changes roles, signers or permissions',
  upgrade: 'replaces contract code (upgrade)',
  initialize: 'calls an initializer, which can reset owners and settings',
  oracle: 'changes a price oracle',
  destroy: 'destroys a contract',
}

/** The address an action hands power to (new owner, new code, grantee, mint recipient), if it names one. */
export function beneficiaryOf(action: DecodedAction): string | undefined {
  const named = action.args.find((arg) =>
    ['newOwner', 'newAdmin', 'newPendingAdmin', 'pendingAdmin', 'account', 'newImplementation', 'implementation', 'to', 'owner', 'newOracle', 'oracle', 'module', 'guard', 'newOwner', 'init', 'feed'].includes(arg.name),
  )
  const value = named?.value ?? action.args.find((arg) => arg.type === 'address')?.value
  return typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value) ? value : undefined
}

/** The privileged kind of an action this rule reports, if any. */
export function privilegedKindOf(action: DecodedAction): (typeof privileged)[number] | undefined {
  return privileged.find((k) => action.kinds.includes(k))
}

/**
 * Mints and changes of ownership, roles, code (upgrades), initializers and oracles: the levers
 * every governance takeover pulls. Known beneficiaries (the caller's registry) make it medium;
 * unknown ones high; the proposer itself critical.
 * Motivation: Build Finance (Feb 2022) passed a proposal giving the attacker control of the token
 * and minted; True Seigniorage Dollar (Mar 2021) upgraded the DAO to code that minted to the
 * attacker; Audius (Jul 2022) re-ran an initializer to make itself guardian.
 */
export function privilegedChange({ actions, book }: RuleContext): Finding[] {
  const findings: Finding[] = []
  for (const action of actions) {
    const kind = privilegedKindOf(action)
    if (!kind) continue
    const beneficiary = beneficiaryOf(action)
    const proposer = book.proposer?.toLowerCase()
    let severity: Severity
    let whom = ''
    if (action.functionName === 'renounceOwnership' || kind === 'destroy') {
      severity = 'high'
    } else if (beneficiary && proposer && beneficiary.toLowerCase() === proposer) {
      severity = 'critical'
      whom = ` in favour of the proposer ${book.name(beneficiary)}`
    } else if (beneficiary && !book.isKnown(beneficiary)) {
      severity = 'high'
      whom = ` in favour of ${book.name(beneficiary)}, an address not among the known contracts`
    } else {
      severity = kind === 'oracle' || kind === 'mint' || kind === 'role' || kind === 'ownership' || kind === 'upgrade' || kind === 'initialize' ? 'medium' : 'low'
      whom = beneficiary ? ` in favour of ${book.name(beneficiary)}` : ''
    }
    findings.push({
      rule: 'privileged-change',
      severity,
      message: `Action ${action.index} ${whatChanges[kind]}${whom}.`,
      evidence: `${action.signature ?? action.selector} on ${book.name(action.target)}`,
    })
  }
  return findings
}
