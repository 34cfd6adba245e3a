import { describe, expect, it } from 'vitest'
import { privilegedPowerOf } from './privileged-power'

const power = (fn: string, arg: string, sole = true) => privilegedPowerOf(fn, arg, sole)?.power

describe('privilegedPowerOf', () => {
  it('recognises privileged setters by name, including the ones a short list missed', () => {
    expect(power('setRegistry', 'arg0')).toBe('registry')
    expect(power('setRouter', 'newRouter')).toBe('router')
    expect(power('setFeeCollector', 'collector')).toBe('fee recipient')
    expect(power('setFeeTo', '_feeTo')).toBe('fee recipient')
    expect(power('setPoolManager', 'arg0')).toBe('manager')
    expect(power('setOracle', 'oracle')).toBe('oracle')
    expect(power('upgradeTo', 'newImplementation')).toBe('implementation')
    expect(power('upgrade', 'implementation', false)).toBe('implementation')
    expect(power('transferOwnership', 'newOwner')).toBe('owner')
    expect(power('_setPendingAdmin', 'newPendingAdmin')).toBe('admin')
    expect(power('setGuardian', 'arg0')).toBe('guardian')
    expect(power('setMinter', 'minter')).toBe('minter')
    expect(power('grantRole', 'account', true)).toBe('role')
    expect(power('addOwnerWithThreshold', 'owner')).toBe('owner')
    expect(power('swapOwner', 'newOwner', false)).toBe('owner')
  })

  it('does not hand power to outgoing holders, locations or plain transfers', () => {
    expect(power('swapOwner', 'prevOwner', false)).toBeUndefined()
    expect(power('swapOwner', 'oldOwner', false)).toBeUndefined()
    expect(power('upgrade', 'proxy', false)).toBeUndefined()
    expect(power('setPriceFeed', 'asset', false)).toBeUndefined()
    expect(power('setPriceFeed', 'feed', false)).toBe('oracle')
    expect(power('transfer', 'to')).toBeUndefined()
    expect(power('approve', 'spender', false)).toBeUndefined()
    expect(power('_grantComp', 'recipient', false)).toBeUndefined()
    expect(power('removeOwner', 'owner', false)).toBeUndefined()
    expect(power('deposit', 'registry')).toBeUndefined()
    expect(privilegedPowerOf(null, 'owner')).toBeUndefined()
  })
})
