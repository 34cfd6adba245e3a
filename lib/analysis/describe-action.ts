import type { AddressBook } from './address-book'
import type { DecodedAction } from './schema'

type Describable = Omit<DecodedAction, 'description' | 'children'>

const arg = (action: Describable, name: string): unknown => action.args.find((a) => a.name === name)?.value
const str = (value: unknown) => (typeof value === 'string' ? value : String(value))
const big = (value: unknown) => {
  try {
    return BigInt(str(value))
  } catch {
    return 0n
  }
}

/** One plain-language line for a decoded action: what it does, to whom, how much. */
export function describeAction(action: Describable, book: AddressBook): string {
  const line = describeCall(action, book)
  if (action.operation !== 'delegatecall') return line
  const caller = action.caller === 'executor' ? 'the executor' : book.name(action.caller)
  return `DELEGATECALL into ${book.name(action.target)}: its code runs with the storage and funds of ${caller}. ${line}`
}

function describeCall(action: Describable, book: AddressBook): string {
  const on = book.name(action.target)
  const payment = big(action.value) > 0n ? `, sending ${book.amount('native', big(action.value))}` : ''
  if (action.source === 'empty') {
    return big(action.value) > 0n ? `Send ${book.amount('native', big(action.value))} to ${on}.` : `Call ${on} with no data.`
  }
  if (!action.functionName) {
    return `Call ${on} with unknown function ${action.selector ?? '(no selector)'}${payment}: its effect cannot be read from the calldata.`
  }
  const name = action.functionName
  const to = (key: string) => book.name(str(arg(action, key)))
  const amountOf = (key: string) => book.amount(action.target, big(arg(action, key)))
  switch (name) {
    case 'transfer':
      return `Transfer ${amountOf('amount')} from the ${action.caller === 'executor' ? 'executor' : `caller ${book.name(action.caller)}`} to ${to('to')}.`
    case 'transferFrom':
      return `Move ${amountOf('amount')} from ${to('from')} to ${to('to')} using an allowance.`
    case 'approve':
    case 'increaseAllowance':
      return `Allow ${to('spender')} to spend ${amountOf(name === 'approve' ? 'amount' : 'addedValue')} of the caller’s tokens.`
    case 'mint':
      return `Mint ${amountOf('amount')} new tokens to ${to('to')}.`
    case 'transferOwnership':
      return `Make ${to('newOwner')} the owner of ${on}.`
    case 'renounceOwnership':
      return `Give up ownership of ${on} for good.`
    case 'grantRole':
      return `Grant role ${str(arg(action, 'role')).slice(0, 10)}… on ${on} to ${to('account')}.`
    case 'revokeRole':
      return `Revoke role ${str(arg(action, 'role')).slice(0, 10)}… on ${on} from ${to('account')}.`
    case 'upgradeTo':
    case 'upgradeToAndCall':
      return `Upgrade ${on} to new code at ${to('newImplementation')}${name === 'upgradeToAndCall' ? ' and run a setup call in it' : ''}.`
    case 'upgrade':
    case 'upgradeAndCall':
      return `Through proxy admin ${on}, upgrade proxy ${to('proxy')} to new code at ${to('implementation')}.`
    case 'diamondCut':
      return `Replace functions of diamond ${on}${str(arg(action, 'init')) !== '0x0000000000000000000000000000000000000000' ? ` and DELEGATECALL ${to('init')} to initialise` : ''}.`
    case 'execTransaction':
      return `Have Safe ${on} ${Number(arg(action, 'operation')) === 1 ? 'DELEGATECALL' : 'call'} ${to('to')}.`
    case '_grantComp':
      return `Grant ${amountOf('amount')} (COMP held by ${on}) to ${to('recipient')}.`
  }
  const shown = action.args
    .map((a) => `${a.name || a.type}=${typeof a.value === 'string' && a.value.length > 66 ? `${a.value.slice(0, 66)}…` : JSON.stringify(a.value)}`)
    .join(', ')
  return `Call ${name}(${shown}) on ${on}${payment}.`
}
