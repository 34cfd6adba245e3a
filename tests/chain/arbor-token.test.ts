import {
  BaseError,
  ContractFunctionRevertedError,
  parseSignature,
  parseUnits,
  type Address,
  type Hash,
} from 'viem'
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { arborTokenAbi, arborTokenBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts, devMnemonic } from '@/lib/chain/dev-accounts'

const [owner, alice, bob, carol] = devAccounts.map((account) => privateKeyToAccount(account.privateKey)) as [
  ReturnType<typeof privateKeyToAccount>,
  ...ReturnType<typeof privateKeyToAccount>[],
]
const tokens = (amount: string) => parseUnits(amount, 18)

/** The custom error a call reverted with, by name (viem decodes it from the ABI). */
async function revertName(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call
  } catch (error) {
    const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
    return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
  }
  throw new Error('expected the call to revert')
}

describe('ArborToken on anvil', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let token: Address
  const gas: Record<string, bigint> = {}

  async function send(label: string, hash: Promise<Hash>) {
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: await hash })
    expect(receipt.status).toBe('success')
    gas[label] = receipt.gasUsed
    return receipt
  }

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: owner })
    const deployed = await deployContract(clients, {
      abi: arborTokenAbi,
      bytecode: arborTokenBytecode,
      args: ['Arbor Test', 'ARBT', owner.address, owner.address, tokens('1000')],
    })
    token = deployed.address
    gas.deploy = deployed.receipt.gasUsed
  })

  afterAll(async () => {
    await anvil?.stop()
    if (Object.keys(gas).length > 0) console.table(Object.entries(gas).map(([operation, used]) => ({ operation, gas: Number(used) })))
  })

  const read = <const functionName extends 'balanceOf' | 'getVotes' | 'nonces' | 'allowance' | 'delegates'>(
    functionName: functionName,
    args: readonly Address[],
  ) => clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName, args: args as never })

  it('the dev accounts are the ones anvil derives from its mnemonic', () => {
    devAccounts.forEach((account, addressIndex) => {
      expect(mnemonicToAccount(devMnemonic, { addressIndex }).address).toBe(account.address)
      expect(privateKeyToAccount(account.privateKey).address).toBe(account.address)
    })
  })

  it('mints the initial supply to the holder and moves balances on transfer', async () => {
    expect(await clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'totalSupply' })).toBe(
      tokens('1000'),
    )
    await send(
      'transfer',
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [alice!.address, tokens('100')] }),
    )
    expect(await read('balanceOf', [alice!.address])).toBe(tokens('100'))
    expect(await read('balanceOf', [owner.address])).toBe(tokens('900'))
  })

  it('lets only the owner mint', async () => {
    await send(
      'mint',
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'mint', args: [carol!.address, tokens('5')] }),
    )
    expect(await read('balanceOf', [carol!.address])).toBe(tokens('5'))
    const byAlice = clients.publicClient.simulateContract({
      address: token,
      abi: arborTokenAbi,
      functionName: 'mint',
      args: [alice!.address, 1n],
      account: alice!,
    })
    expect(await revertName(byAlice)).toBe('OwnableUnauthorizedAccount')
  })

  it('reverts a transfer above the balance with ERC20InsufficientBalance', async () => {
    const overdraw = clients.publicClient.simulateContract({
      address: token,
      abi: arborTokenAbi,
      functionName: 'transfer',
      args: [bob!.address, tokens('101')],
      account: alice!,
    })
    expect(await revertName(overdraw)).toBe('ERC20InsufficientBalance')
  })

  it('accepts an EIP-2612 permit signed by the holder and submitted by someone else', async () => {
    const value = tokens('25')
    const deadline = BigInt(Math.floor(Date.now() / 1000) + 3600)
    const nonce = await read('nonces', [alice!.address])
    const signature = await alice!.signTypedData({
      domain: { name: 'Arbor Test', version: '1', chainId: anvil.chainId, verifyingContract: token },
      types: {
        Permit: [
          { name: 'owner', type: 'address' },
          { name: 'spender', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'nonce', type: 'uint256' },
          { name: 'deadline', type: 'uint256' },
        ],
      },
      primaryType: 'Permit',
      message: { owner: alice!.address, spender: bob!.address, value, nonce, deadline },
    })
    const { r, s, v } = parseSignature(signature)
    const permitArgs = [alice!.address, bob!.address, value, deadline, Number(v), r, s] as const
    // Submitted by bob, who pays the gas: alice only signed.
    await send(
      'permit',
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'permit', args: permitArgs, account: bob! }),
    )
    expect(await read('allowance', [alice!.address, bob!.address])).toBe(value)
    expect(await read('nonces', [alice!.address])).toBe(nonce + 1n)

    const replay = clients.publicClient.simulateContract({
      address: token,
      abi: arborTokenAbi,
      functionName: 'permit',
      args: permitArgs,
      account: bob!,
    })
    expect(await revertName(replay)).toBe('ERC2612InvalidSigner')

    await send(
      'transferFrom',
      clients.walletClient.writeContract({
        address: token,
        abi: arborTokenAbi,
        functionName: 'transferFrom',
        args: [alice!.address, bob!.address, value],
        account: bob!,
      }),
    )
    expect(await read('balanceOf', [bob!.address])).toBe(value)
  })

  it('gives voting power only after delegation, checkpointed by block', async () => {
    expect(await read('getVotes', [owner.address])).toBe(0n)
    const receipt = await send(
      'delegate (self)',
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'delegate', args: [owner.address] }),
    )
    const balance = await read('balanceOf', [owner.address])
    expect(await read('delegates', [owner.address])).toBe(owner.address)
    expect(await read('getVotes', [owner.address])).toBe(balance)

    const atDelegation = receipt.blockNumber
    const pastVotes = (blockNumber: bigint) =>
      clients.publicClient.readContract({
        address: token,
        abi: arborTokenAbi,
        functionName: 'getPastVotes',
        args: [owner.address, blockNumber],
      })
    // The current block is not past yet: ERC-5805 refuses it until another block exists.
    expect(await revertName(pastVotes(atDelegation))).toBe('ERC5805FutureLookup')
    await clients.publicClient.request({ method: 'evm_mine' } as never)
    expect(await pastVotes(atDelegation)).toBe(balance)
    expect(await pastVotes(atDelegation - 1n)).toBe(0n)

    // Moving tokens moves votes: the delegate loses what the transfer took.
    await send(
      'transfer (delegated sender)',
      clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [carol!.address, tokens('10')] }),
    )
    expect(await read('getVotes', [owner.address])).toBe(balance - tokens('10'))
    expect(await read('getVotes', [carol!.address])).toBe(0n)
  })
})
