import {
  decodeFunctionData,
  getAddress,
  hexToBigInt,
  parseAbiItem,
  toFunctionSelector,
  type AbiFunction,
  type Address,
  type Hex,
} from 'viem'
import { createAddressBook, type AddressBook } from './address-book'
import { classifyFunction } from './classify-function'
import { describeAction } from './describe-action'
import { findKnownFunction } from './known-abis'
import type { ActionKind, DecodedAction, DecodedArgument, ProposalInput } from './schema'

export type DecodeActionsParameters = Pick<ProposalInput, 'actions' | 'context' | 'executor' | 'proposer'>

// A batch inside a batch inside a batch is already unusual; deeper nesting is not followed.
const maxDepth = 4

type RawCall = {
  target: Address
  value: string
  calldata: Hex
  signature?: string
  operation: 'call' | 'delegatecall'
  caller: Address | 'executor'
}

function jsonSafe(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(jsonSafe)
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonSafe(inner)]))
  }
  return value
}

function parseSignature(signature: string): AbiFunction | undefined {
  try {
    const trimmed = signature.trim()
    const item = parseAbiItem(trimmed.startsWith('function ') ? trimmed : `function ${trimmed}`)
    return item.type === 'function' ? item : undefined
  } catch {
    return undefined
  }
}

function tryDecode(item: AbiFunction, calldata: Hex): readonly unknown[] | undefined {
  try {
    const { args } = decodeFunctionData({ abi: [item], data: calldata })
    return args ?? []
  } catch {
    return undefined
  }
}

const asAddress = (value: unknown): Address => getAddress(String(value))

/** Safe's MultiSend packing: operation (1) · to (20) · value (32) · data length (32) · data. */
function unpackMultiSend(packed: Hex): { operation: number; to: Address; value: bigint; data: Hex }[] | undefined {
  const bytes = packed.slice(2)
  const calls: { operation: number; to: Address; value: bigint; data: Hex }[] = []
  let at = 0
  while (at < bytes.length) {
    if (bytes.length - at < 2 * 85) return undefined
    const operation = parseInt(bytes.slice(at, at + 2), 16)
    const to = getAddress(`0x${bytes.slice(at + 2, at + 42)}`)
    const value = hexToBigInt(`0x${bytes.slice(at + 42, at + 106)}`)
    const length = Number(hexToBigInt(`0x${bytes.slice(at + 106, at + 170)}`))
    const end = at + 170 + 2 * length
    if (end > bytes.length) return undefined
    calls.push({ operation, to, value, data: `0x${bytes.slice(at + 170, end)}` })
    at = end
  }
  return calls
}

/** The calls a batch, wrapper or upgrade-and-call makes, as the calldata states them. */
function innerCalls(call: RawCall, name: string, args: readonly unknown[]): RawCall[] {
  const self = call.target
  const asCall = (target: unknown, value: unknown, calldata: unknown, operation: 'call' | 'delegatecall' = 'call', caller: Address = self): RawCall => ({
    target: asAddress(target),
    value: String(value ?? 0),
    calldata: String(calldata) as Hex,
    operation,
    caller,
  })
  const [a0, a1, a2, a3] = args as unknown[]
  switch (name) {
    case 'multicall': {
      const data = (args.length === 1 ? a0 : a1) as Hex[]
      // A self-multicall runs each call on the same contract, for the same original caller.
      return data.map((calldata) => ({ target: self, value: '0', calldata, operation: 'call', caller: call.caller }))
    }
    case 'aggregate':
      return (a0 as { target: Address; callData: Hex }[]).map((c) => asCall(c.target, 0, c.callData))
    case 'tryAggregate':
      return (a1 as { target: Address; callData: Hex }[]).map((c) => asCall(c.target, 0, c.callData))
    case 'aggregate3':
      return (a0 as { target: Address; callData: Hex }[]).map((c) => asCall(c.target, 0, c.callData))
    case 'aggregate3Value':
      return (a0 as { target: Address; value: bigint; callData: Hex }[]).map((c) => asCall(c.target, c.value, c.callData))
    case 'execTransaction':
      return [asCall(a0, a1, a2, Number(a3) === 1 ? 'delegatecall' : 'call')]
    case 'multiSend': {
      // MultiSend itself is meant to be DELEGATECALLed by a Safe: its inner calls come from the caller.
      const caller = call.operation === 'delegatecall' ? call.caller : self
      return (unpackMultiSend(a0 as Hex) ?? []).map((c) =>
        ({ target: c.to, value: c.value.toString(), calldata: c.data, operation: c.operation === 1 ? 'delegatecall' : 'call', caller }),
      )
    }
    case 'schedule':
    case 'execute':
      if (args.length === 2) return [asCall(a0, 0, a1, 'delegatecall')] // DSProxy execute(target, data)
      return [asCall(a0, a1, a2)]
    case 'scheduleBatch':
    case 'executeBatch': {
      const targets = a0 as Address[]
      const values = a1 as bigint[]
      const payloads = a2 as Hex[]
      return targets.map((target, i) => asCall(target, values[i] ?? 0n, payloads[i] ?? '0x'))
    }
    case 'queueTransaction':
    case 'executeTransaction': {
      const signature = String(a2)
      const data = String(a3) as Hex
      const calldata = signature ? (`${toFunctionSelector(`function ${signature}`)}${data.slice(2)}` as Hex) : data
      return [{ ...asCall(a0, a1, calldata), signature: signature || undefined }]
    }
    case 'relay':
      return [asCall(a0, a1, a2)]
    case 'upgradeToAndCall':
      return String(a1) === '0x' ? [] : [asCall(a0, 0, a1, 'delegatecall', call.target)]
    case 'upgradeAndCall':
      return String(a2) === '0x' ? [] : [asCall(a1, 0, a2, 'delegatecall', asAddress(a0))]
    case 'diamondCut':
      return asAddress(a1) === '0x0000000000000000000000000000000000000000' ? [] : [asCall(a1, 0, a2, 'delegatecall')]
  }
  return []
}

const delegatingFunctions = new Set(['executeProposal'])

function decodeCall(call: RawCall, index: string, depth: number, book: AddressBook): DecodedAction {
  const selector = call.calldata.length >= 10 ? (call.calldata.slice(0, 10) as Hex) : null
  let item: AbiFunction | undefined
  let args: readonly unknown[] | undefined
  let source: DecodedAction['source'] = 'unknown'
  let decodeError: string | undefined
  let calldata = call.calldata

  if (call.calldata === '0x') {
    source = 'empty'
  } else if (!selector) {
    decodeError = `calldata ${call.calldata} is shorter than a 4-byte selector`
  } else {
    const given = call.signature ? parseSignature(call.signature) : undefined
    if (call.signature && !given) decodeError = `signature "${call.signature}" is not a valid function signature`
    const known = findKnownFunction(selector)
    if (given && toFunctionSelector(given) === selector) {
      item = known && tryDecode(known, calldata) ? known : given
      source = item === known ? 'known-abi' : 'signature'
    } else if (given) {
      // GovernorBravo stores the signature apart and the calldata without a selector.
      const withSelector = `${toFunctionSelector(given)}${call.calldata.slice(2)}` as Hex
      if (!known && tryDecode(given, withSelector)) {
        item = given
        calldata = withSelector
        source = 'signature'
      } else {
        decodeError = `the given signature ${call.signature} has selector ${toFunctionSelector(given)}, but the calldata calls ${selector}`
        item = known
        source = known ? 'known-abi' : 'unknown'
      }
    } else if (known) {
      item = known
      source = 'known-abi'
    }
    if (item) {
      args = tryDecode(item, calldata)
      if (!args) {
        decodeError = `calldata does not decode as ${item.name}(${item.inputs.map((input) => input.type).join(',')})`
        item = undefined
        source = 'unknown'
      }
    }
  }

  const decodedArgs: DecodedArgument[] = item
    ? item.inputs.map((input, i) => ({ name: input.name ?? `arg${i}`, type: input.type, value: jsonSafe(args![i]) }))
    : []
  let kinds: ActionKind[] = item ? classifyFunction(item.name) : source === 'empty' ? [] : ['unknown']
  if (item && (delegatingFunctions.has(item.name) || (item.name === 'execute' && item.inputs.length === 2))) {
    kinds = ['delegatecall']
  }
  if (BigInt(call.value) > 0n && !kinds.includes('native-transfer')) kinds = [...kinds, 'native-transfer']
  if (call.operation === 'delegatecall' && !kinds.includes('delegatecall')) kinds = ['delegatecall', ...kinds]

  const base = {
    index,
    target: call.target,
    value: call.value,
    calldata: call.calldata,
    operation: call.operation,
    caller: call.caller,
    selector,
    signature: item ? `${item.name}(${item.inputs.map((input) => input.type).join(',')})` : null,
    functionName: item?.name ?? null,
    args: decodedArgs,
    source,
    kinds,
    ...(decodeError ? { decodeError } : {}),
  }
  const inner = item && args && depth < maxDepth ? safeInnerCalls(call, item.name, args) : []
  return {
    ...base,
    description: describeAction(base, book),
    children: inner.map((child, i) => decodeCall(child, `${index}.${i + 1}`, depth + 1, book)),
  }
}

function safeInnerCalls(call: RawCall, name: string, args: readonly unknown[]): RawCall[] {
  try {
    return innerCalls(call, name, args)
  } catch {
    return []
  }
}

/**
 * Decodes every action with the built-in ABIs or the action's `signature`, following batches
 * (multicall, MultiSend, Safe execTransaction, timelock batches, upgrade-and-call initialisers).
 */
export function decodeActions(params: DecodeActionsParameters): DecodedAction[] {
  const book = createAddressBook(params)
  return params.actions.map((action, i) =>
    decodeCall(
      { target: action.target, value: action.value, calldata: action.calldata, signature: action.signature, operation: 'call', caller: 'executor' },
      String(i + 1),
      0,
      book,
    ),
  )
}
