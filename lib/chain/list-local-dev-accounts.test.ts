import { describe, expect, it } from 'vitest'
import { devAccounts } from './dev-accounts'
import { listLocalDevAccounts } from './list-local-dev-accounts'

describe('listLocalDevAccounts', () => {
  it('offers the ten anvil accounts on a local anvil only', () => {
    const local = listLocalDevAccounts({ chainId: 31337, rpcUrl: 'http://127.0.0.1:8545' })
    expect(local.map((account) => account.address)).toEqual(devAccounts.map((account) => account.address))
    expect(local[3]).toEqual({ address: devAccounts[3].address, rpcUrl: 'http://127.0.0.1:8545', index: 3 })
    expect(listLocalDevAccounts({ chainId: 1, rpcUrl: 'http://127.0.0.1:8545' })).toEqual([])
    expect(listLocalDevAccounts({ chainId: 31337, rpcUrl: 'https://rpc.example' })).toEqual([])
  })
})
