import type { Address } from 'viem'
import type { DecodedAction } from './schema'

export type FundMovement = {
  /** Token contract, or `native` for ETH sent as call value. */
  asset: Address | 'native'
  kind: 'transfer' | 'approve' | 'mint' | 'native' | 'nft'
  /** Whose funds move: the executor for top-level calls, the wrapper (a Safe) for nested ones. */
  from: Address | 'executor'
  to: Address
  amount: bigint
  actionIndex: string
  /** Allowances of 2^255 or more: "unlimited". */
  unlimited: boolean
}

const argOf = (action: DecodedAction, ...names: string[]) =>
  action.args.find((arg) => names.includes(arg.name))?.value
const asBigInt = (value: unknown): bigint | undefined => {
  try {
    return value === undefined ? undefined : BigInt(String(value))
  } catch {
    return undefined
  }
}
const isAddress = (value: unknown): value is Address => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)

/** Funds and allowances the decoded actions move, read from calldata (no chain access). */
export function listFundMovements(actions: readonly DecodedAction[]): FundMovement[] {
  const movements: FundMovement[] = []
  for (const action of actions) {
    const base = { from: action.caller, actionIndex: action.index, unlimited: false }
    const value = BigInt(action.value)
    if (value > 0n) movements.push({ ...base, asset: 'native', kind: 'native', to: action.target, amount: value })
    const name = action.functionName
    if (!name) continue
    if (name === 'transferFrom' || (name === 'safeTransferFrom' && action.args.length === 3)) {
      const from = argOf(action, 'from')
      const to = argOf(action, 'to')
      const amount = asBigInt(argOf(action, 'amount', 'tokenId'))
      if (isAddress(from) && isAddress(to) && amount !== undefined) {
        movements.push({ ...base, from, asset: action.target, kind: name === 'transferFrom' ? 'transfer' : 'nft', to, amount })
      }
      continue
    }
    if (name === 'setApprovalForAll') {
      const operator = argOf(action, 'operator')
      if (isAddress(operator) && argOf(action, 'approved') === true) {
        movements.push({ ...base, asset: action.target, kind: 'approve', to: operator, amount: 0n, unlimited: true })
      }
      continue
    }
    const kinds = action.kinds
    const kind = kinds.includes('mint') ? 'mint' : kinds.includes('approve') ? 'approve' : kinds.includes('transfer') ? 'transfer' : undefined
    if (!kind) continue
    // Generic shapes: (recipient, amount) by name, else the first address and the first uint.
    const to =
      argOf(action, 'to', 'recipient', 'receiver', 'dst', 'spender', 'account', 'beneficiary') ??
      action.args.find((arg) => arg.type === 'address')?.value
    const amount = asBigInt(
      argOf(action, 'amount', 'value', 'wad', 'addedValue', 'rawAmount') ??
        action.args.find((arg) => arg.type.startsWith('uint'))?.value,
    )
    if (!isAddress(to) || amount === undefined) continue
    movements.push({ ...base, asset: action.target, kind, to, amount, unlimited: kind === 'approve' && amount >= 2n ** 255n })
  }
  return movements
}
