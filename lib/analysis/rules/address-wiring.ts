import { getAddress } from 'viem'
import { classifyAddresses, knownAddressesOf } from '../classify-addresses'
import { findLookalike } from '../find-lookalike'
import type { Finding } from '../schema'
import { beneficiaryOf, privilegedKindOf } from './privileged-change'
import type { RuleContext } from './types'

const checksummed = (address: string) => getAddress(address.toLowerCase())
const shared = (prefix: number, suffix: number) =>
  `the ${[prefix ? `first ${prefix}` : '', suffix ? `last ${suffix}` : ''].filter(Boolean).join(' and ')} hex digits`

/**
 * Every address a proposal wires in, checked against the addresses it names (known contracts,
 * treasury tokens, the executor, its targets): a look-alike of a known address is high, wherever
 * it is passed (setter, transfer, Safe owner, role grant, nested call); an unknown address given a
 * power by a privileged setter (registry, oracle, implementation, owner, admin, guardian, minter,
 * fee recipient, router, manager, role) is medium, saying what power it receives. Targets that
 * imitate a known contract are high too.
 * Motivation: address poisoning (2023-2025: look-alike addresses with the same first and last
 * digits, e.g. the 68 M$ WBTC theft of May 2024) and proposals that "point the vault at the
 * upgraded registry" to an attacker's contract: the call reads as routine, only the address differs.
 */
export function addressWiring({ actions, book, input }: RuleContext): Finding[] {
  const known = knownAddressesOf(book, input)
  const findings: Finding[] = []
  const seen = new Set<string>()
  for (const action of actions) {
    const key = action.target.toLowerCase()
    if (known.has(key) || book.labelOf(action.target) !== undefined || seen.has(`target|${key}`)) continue
    seen.add(`target|${key}`)
    const lookalike = findLookalike(key, known.keys())
    if (!lookalike) continue
    const label = known.get(lookalike.known)!
    findings.push({
      rule: 'address-wiring',
      severity: 'high',
      message: `Action ${action.index} calls ${book.name(action.target)}, which imitates the known ${label} ${book.name(lookalike.known).replace(/ \(.*\)$/, '')} but is a different address.`,
      evidence: `target ${checksummed(action.target)}; known ${label} ${checksummed(lookalike.known)}; shares ${shared(lookalike.prefix, lookalike.suffix)}`,
    })
  }
  const byIndex = new Map(actions.map((action) => [action.index, action]))
  for (const entry of classifyAddresses({ actions, book, known })) {
    const id = `${entry.actionIndex}|${entry.address.toLowerCase()}|${entry.class}`
    if (entry.class === 'known' || seen.has(id)) continue
    seen.add(id)
    const where = `${entry.argument} of ${entry.signature ?? 'the call'} (action ${entry.actionIndex})`
    const receives = entry.power ? `; as ${entry.power.power} it ${entry.power.description}` : ''
    if (entry.class === 'lookalike') {
      const { known: genuine, label, prefix, suffix } = entry.imitates!
      findings.push({
        rule: 'address-wiring',
        severity: 'high',
        message: `The ${entry.power ? `new ${entry.power.power} ` : 'address '}${book.name(entry.address)} passed as ${where} imitates the known ${label} ${book.name(genuine).replace(/ \(.*\)$/, '')}: it shares ${shared(prefix, suffix)} but is a different address${receives}.`,
        evidence: `${entry.argument} = ${checksummed(entry.address)}; known ${label} = ${checksummed(genuine)}`,
      })
      continue
    }
    if (!entry.power) continue
    // privileged-change already reports the beneficiary of ownership, role, upgrade, oracle and mint calls.
    const action = byIndex.get(entry.actionIndex)
    if (action && privilegedKindOf(action) && beneficiaryOf(action)?.toLowerCase() === entry.address.toLowerCase()) continue
    findings.push({
      rule: 'address-wiring',
      severity: 'medium',
      message: `${book.name(entry.address)}, an address not among the known contracts, receives the ${entry.power.power} power through ${where}: it ${entry.power.description}.`,
      evidence: `${entry.argument} = ${checksummed(entry.address)}; not in context.knownContracts, the treasury tokens or the targets`,
    })
  }
  return findings
}
