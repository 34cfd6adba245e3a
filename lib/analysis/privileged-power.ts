/** The power an address receives from a privileged setter, in words, and whether it must be a contract to hold it. */
export type PrivilegedPower = { power: string; description: string; expectsContract: boolean }

// Order matters: the first match names the power (`setFeeCollector` is a fee recipient, not a collector of anything else).
const powers: [RegExp, Omit<PrivilegedPower, 'power'> & { power: string }][] = [
  [/implementation|logic|mastercopy|singleton|beacon|upgrade|diamond|facet/i, { power: 'implementation', description: 'becomes the contract’s code: it can do anything the contract can', expectsContract: true }],
  [/oracle|pricefeed|feed|aggregator/i, { power: 'oracle', description: 'becomes the price oracle: it decides the prices the protocol lends, liquidates and swaps at', expectsContract: true }],
  [/registry|addressprovider|resolver|directory/i, { power: 'registry', description: 'becomes the registry the contract looks its other contracts up in: every address it returns is trusted', expectsContract: true }],
  [/fee|treasury|revenue|beneficiary|collector/i, { power: 'fee recipient', description: 'receives the protocol’s fees or revenue', expectsContract: false }],
  [/minter|mint/i, { power: 'minter', description: 'can mint new tokens', expectsContract: false }],
  [/guardian|pauser|sentinel|emergency|veto/i, { power: 'guardian', description: 'can pause, veto or cancel: it can stop the protocol or governance', expectsContract: false }],
  [/owner|signer/i, { power: 'owner', description: 'becomes an owner: full control of the contract', expectsContract: false }],
  [/admin|governance|governor|timelock|^setgov|controller|comptroller|authority/i, { power: 'admin', description: 'becomes the admin or governance: it can change every setting, including who is admin', expectsContract: false }],
  [/router|swapper|aggregationexecutor/i, { power: 'router', description: 'routes the protocol’s swaps and calls, usually holding its token allowances', expectsContract: true }],
  [/poolmanager|manager|strategy|strategist|vault|keeper|operator|executor|relayer|bridge|module|guard|fallbackhandler|hook/i, { power: 'manager', description: 'manages pools or funds, or executes on the contract’s behalf', expectsContract: true }],
]

// Names of functions that hand something to the address they are given.
const setterName = /^_?(set|update|change|replace|migrate|grant|transfer|add|enable|swap|propose|accept|upgrade|initiali[sz]e|configure|register|appoint|nominate|install|point|rotate|assign|approve)|^_?(upgradeTo|setPendingAdmin)/i

// Arguments naming the holder being replaced or a location, not the one receiving power.
const outgoing = /^_?(prev|previous|old|current|from|remove|asset|token|proxy|ctoken|market|pool$|node$|salt)/i
// Argument names that say nothing of their own: the function's name tells what they receive.
const generic = /^_?(new|arg\d+$|account$|addr(ess)?$|a$|to$|value$|target$|who$|user$|_$)/i

/**
 * The power the setter `functionName` gives the address passed as `argumentName`, or `undefined`
 * when it is no privileged setter. Recognised by name patterns (set/update/grant/transfer… +
 * registry, oracle, implementation, owner, admin, guardian, minter, fee recipient, router,
 * manager…), read from the argument's name first, then from the function's name when the
 * argument's name is generic or it is the only address argument (`soleAddress`).
 */
export function privilegedPowerOf(functionName: string | null, argumentName: string, soleAddress = false): PrivilegedPower | undefined {
  if (!functionName || !setterName.test(functionName) || outgoing.test(argumentName)) return undefined
  if (/^_?grant/i.test(functionName) && /role/i.test(functionName)) {
    return { power: 'role', description: 'receives a role and every permission it carries', expectsContract: false }
  }
  const byArgument = powers.find(([pattern]) => pattern.test(argumentName))
  if (byArgument) return byArgument[1]
  if (!soleAddress && !generic.test(argumentName)) return undefined
  const subject = functionName.replace(setterName, '')
  return powers.find(([pattern]) => pattern.test(subject))?.[1]
}
