import { describe, expect, it } from 'vitest'
import { devAccounts } from './dev-accounts'
import { getLocalDevAccount } from './get-local-dev-account'

const local = { chainId: 31337, rpcUrl: 'http://127.0.0.1:8545' }
const admin = (i: number) => devAccounts[i]!.address.toLowerCase()

describe('getLocalDevAccount', () => {
  it('offers the first dev account that is an admin, on a local anvil', () => {
    expect(getLocalDevAccount({ ...local, admins: [admin(0)] })).toEqual({ address: devAccounts[0].address, rpcUrl: local.rpcUrl, index: 0 })
    expect(getLocalDevAccount({ ...local, admins: ['0x000000000000000000000000000000000000dead', admin(3), admin(1)] })?.index).toBe(1)
  })

  it('offers nothing on another chain, a remote RPC, or when no dev account is an admin', () => {
    expect(getLocalDevAccount({ ...local, chainId: 1, admins: [admin(0)] })).toBeUndefined()
    expect(getLocalDevAccount({ ...local, rpcUrl: 'https://rpc.example/31337', admins: [admin(0)] })).toBeUndefined()
    expect(getLocalDevAccount({ ...local, admins: ['0x000000000000000000000000000000000000dead'] })).toBeUndefined()
    expect(getLocalDevAccount({ ...local, admins: [] })).toBeUndefined()
  })
})
