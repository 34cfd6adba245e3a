import type { AddressBook } from './address-book'
import { findLookalike, type Lookalike } from './find-lookalike'
import { privilegedPowerOf, type PrivilegedPower } from './privileged-power'
import type { DecodedAction } from './schema'

export type AddressClass = 'known' | 'lookalike' | 'unknown'

/** One address argument of one decoded action, and what it is to the proposal. */
export type ClassifiedAddress = {
  /** `2.1` for the first call inside action 2. */
  actionIndex: string
  signature: string | null
  /** Where in the arguments: `newRegistry`, `owners[2]`, `params.recipient`. */
  argument: string
  /** Checksummed, as decoded. */
  address: string
  class: AddressClass
  /** The caller's name for a known address. */
  label?: string
  /** For a look-alike: the known address it imitates and that address's name. */
  imitates?: Lookalike & { label: string }
  /** Set when the action is a privileged setter that hands this address a power. */
  power?: PrivilegedPower
}

const isAddress = (value: unknown): value is string => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)

/** Every address inside a decoded argument value (arrays and tuples followed), with its path. */
function addressesIn(value: unknown, path: string): { argument: string; address: string }[] {
  if (isAddress(value)) return [{ argument: path, address: value }]
  if (Array.isArray(value)) return value.flatMap((inner, i) => addressesIn(inner, `${path}[${i}]`))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => addressesIn(inner, `${path}.${key}`))
  return []
}

/**
 * Address-shaped words in calldata no ABI decodes: 32-byte words after the selector whose top 12
 * bytes are zero and whose value is at least 2^128 (amounts and flags are smaller; an address
 * with 4 leading zero bytes is missed, which costs a look-alike 16^8 more tries).
 */
function addressWordsIn(calldata: string): { argument: string; address: string }[] {
  const body = calldata.slice(10)
  const found: { argument: string; address: string }[] = []
  for (let at = 0; at + 64 <= body.length; at += 64) {
    const word = body.slice(at, at + 64)
    if (/^0{24}/.test(word) && !/^0{32}/.test(word)) found.push({ argument: `word ${at / 64} (undecoded)`, address: `0x${word.slice(24)}` })
  }
  return found
}

export type ClassifyAddressesParameters = {
  /** Flattened: nested calls included (see `flattenActions`). */
  actions: readonly DecodedAction[]
  book: AddressBook
  /** Addresses the proposal names with a label: known contracts, treasury tokens, the executor. */
  known: ReadonlyMap<string, string>
}

/**
 * Classifies every address argument of every action (nested calls, arrays and tuples included):
 * `known` (a known contract, treasury token, the executor, a target of the proposal, or a well-known
 * address such as zero), `lookalike` (imitates a known contract or a target: see `findLookalike`),
 * or `unknown`. Privileged setters also say what power the address receives. Calls no ABI decodes
 * are scanned for address-shaped words, so a look-alike cannot hide behind a missing signature. Pure.
 */
export function classifyAddresses({ actions, book, known }: ClassifyAddressesParameters): ClassifiedAddress[] {
  const targets = new Map<string, string>()
  for (const action of actions) targets.set(action.target.toLowerCase(), book.labelOf(action.target) ?? `target of action ${action.index}`)
  const references = new Map<string, string>([...targets, ...known])
  const result: ClassifiedAddress[] = []
  for (const action of actions) {
    const found = action.source === 'unknown' ? addressWordsIn(action.calldata) : action.args.flatMap((arg) => addressesIn(arg.value, arg.name))
    const soleAddress = found.length === 1 && action.source !== 'unknown'
    for (const { argument, address } of found) {
      const key = address.toLowerCase()
      const power = privilegedPowerOf(action.functionName, argument.replace(/\[\d+\]/g, '').split('.').pop()!, soleAddress)
      const base = { actionIndex: action.index, signature: action.signature, argument, address, ...(power ? { power } : {}) }
      const label = known.get(key) ?? book.labelOf(address)
      if (label !== undefined || targets.has(key)) {
        result.push({ ...base, class: 'known', label: label ?? targets.get(key) })
        continue
      }
      const lookalike = findLookalike(key, references.keys())
      result.push(lookalike ? { ...base, class: 'lookalike', imitates: { ...lookalike, label: references.get(lookalike.known)! } } : { ...base, class: 'unknown' })
    }
  }
  return result
}

/** The labelled addresses of the proposal's context, lower-cased: known contracts, treasury tokens, the executor. */
export function knownAddressesOf(book: AddressBook, input: { context?: { knownContracts?: Record<string, string>; treasury?: { token: string; symbol?: string }[] } }): Map<string, string> {
  const known = new Map<string, string>()
  for (const entry of input.context?.treasury ?? []) known.set(entry.token.toLowerCase(), entry.symbol ? `${entry.symbol} token` : 'treasury token')
  for (const [address, label] of Object.entries(input.context?.knownContracts ?? {})) {
    if (isAddress(address)) known.set(address.toLowerCase(), label)
  }
  if (book.executor) known.set(book.executor.toLowerCase(), 'executor')
  return known
}
