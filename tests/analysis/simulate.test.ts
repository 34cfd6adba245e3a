/**
 * Simulation on an anvil fork of a local anvil holding real deployed contracts: ArborToken
 * (ERC20Votes) and two hand-assembled contracts, one with SELFDESTRUCT and one with DELEGATECALL.
 */
import { encodeFunctionData, getAddress, parseUnits, type Address, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyzeProposal } from '@/lib/analysis'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { arborTokenAbi, arborTokenBytecode } from '@/lib/chain/contracts'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { findDeploymentBlock } from '@/lib/analysis/find-deployment-block'

const deployer = devAccounts[0]!
const dead = '0x000000000000000000000000000000000000dEaD'
const fresh = getAddress('0x00000000000000000000000000000000000a11ce')
let base: StartAnvilReturnType
let clients: ReturnType<typeof createChainClients<Hex>>
let token: Address
let selfdestructing: Address
let delegating: Address

// Init code that returns `runtime` as the contract's code.
function initCode(runtime: string): Hex {
  const length = runtime.length / 2
  return `0x61${length.toString(16).padStart(4, '0')}600e60003961${length.toString(16).padStart(4, '0')}6000f3${runtime}`
}

async function deployRaw(runtime: string): Promise<Address> {
  const hash = await clients.walletClient.sendTransaction({ data: initCode(runtime), account: clients.walletClient.account!, chain: clients.chain })
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash })
  return receipt.contractAddress!
}

const transfer = (to: string, amount: string) => ({
  target: token,
  value: '0',
  calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [to as Address, parseUnits(amount, 18)] }),
})

beforeAll(async () => {
  base = await startAnvil({ chainId: 31337 })
  clients = createChainClients({ rpcUrl: base.rpcUrl, chainId: 31337, account: deployer.privateKey })
  ;({ address: token } = await deployContract(clients, {
    abi: arborTokenAbi,
    bytecode: arborTokenBytecode,
    args: ['Arbor', 'ARB', deployer.address, deployer.address, parseUnits('1000000', 18)],
  }))
  selfdestructing = await deployRaw('33ff') // CALLER SELFDESTRUCT
  // PUSH1 0 ×4, PUSH20 addr, GAS, DELEGATECALL, STOP
  delegating = await deployRaw(`6000600060006000735fbdb2315678afecb367f032d93f642f64180aa35af400`)
})
afterAll(async () => {
  await base?.stop()
})

describe('startAnvil({ forkUrl })', () => {
  it('forks a running chain: same code and balances, separate state', async () => {
    const fork = await startAnvil({ forkUrl: base.rpcUrl, chainId: 31337 })
    try {
      const forked = createChainClients({ rpcUrl: fork.rpcUrl, chainId: 31337 })
      expect(await forked.publicClient.getCode({ address: token })).toBe(await clients.publicClient.getCode({ address: token }))
      const read = (c: typeof forked) => c.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [deployer.address] })
      expect(await read(forked)).toBe(parseUnits('1000000', 18))
      expect(await forked.publicClient.getBlockNumber()).toBeGreaterThanOrEqual(await clients.publicClient.getBlockNumber())
    } finally {
      await fork.stop()
    }
  })
})

describe('analyzeProposal with rpcUrl', () => {
  it('runs the actions as the executor on a fork and reports outcomes, balance changes and code', async () => {
    const analysis = await analyzeProposal(
      {
        title: 'Routine maintenance',
        body: 'Routine maintenance, no change to funds.',
        executor: deployer.address,
        actions: [
          transfer(dead, '900000'),
          transfer(fresh, '50000'),
          transfer(dead, '5000000'), // more than the executor holds: reverts
          { target: selfdestructing, value: '0', calldata: '0x' },
          { target: delegating, value: '0', calldata: '0x12345678' },
        ],
        context: { treasury: [{ token, symbol: 'ARB', decimals: 18, balance: parseUnits('1000000', 18).toString() }] },
      },
      { provider: 'offline', rpcUrl: base.rpcUrl, log: () => {} },
    )
    const simulation = analysis.simulation!
    expect(simulation.executor).toBe(deployer.address)
    expect(simulation.actions.map((a) => a.status)).toEqual(['success', 'success', 'reverted', 'success', 'success'])
    expect(simulation.actions[2]!.error).toMatch(/revert|ERC20InsufficientBalance/i)

    const change = (account: string, asset: string) => simulation.balanceChanges.find((c) => c.account === account.toLowerCase() && c.token === asset.toLowerCase())
    expect(change(deployer.address, token)?.delta).toBe((-parseUnits('950000', 18)).toString())
    expect(change(dead, token)?.delta).toBe(parseUnits('900000', 18).toString())
    expect(change(fresh, token)?.delta).toBe(parseUnits('50000', 18).toString())
    // Gas is added back: the executor's ETH did not move.
    expect(change(deployer.address, 'native')).toBeUndefined()

    const code = (address: string) => simulation.code.find((c) => c.address.toLowerCase() === address.toLowerCase())!
    expect(code(selfdestructing)).toMatchObject({ hasCode: true, selfdestruct: true, delegatecall: false })
    expect(code(delegating)).toMatchObject({ hasCode: true, selfdestruct: false, delegatecall: true })
    expect(code(token)).toMatchObject({ hasCode: true, selfdestruct: false })
    expect(simulation.recipients).toContainEqual({ address: fresh, hasCode: false, nonce: 0 })

    const rules = analysis.findings.map((f) => `${f.rule}:${f.severity}`)
    expect(rules).toContain('simulation:critical') // executor lost 95% of its ARB
    expect(rules).toContain('simulation:medium') // the reverted action
    expect(rules).toContain('delegatecall:high') // SELFDESTRUCT at a target
    expect(analysis.findings.find((f) => f.rule === 'recipients' && /fresh account/.test(f.message))).toMatchObject({ severity: 'high' })
    expect(analysis.level).toBe('critical')

    // The fork was thrown away: the real chain did not move.
    const onBase = await clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [dead] })
    expect(onBase).toBe(0n)
  })

  it('without an executor it still reads code, and skips the actions', async () => {
    const analysis = await analyzeProposal(
      { title: 't', body: 'b', actions: [{ target: selfdestructing, value: '0', calldata: '0x' }] },
      { provider: 'offline', rpcUrl: base.rpcUrl, log: () => {} },
    )
    expect(analysis.simulation!.actions).toEqual([{ index: '1', status: 'skipped', error: 'no executor given: actions were not run' }])
    expect(analysis.simulation!.code[0]!.selfdestruct).toBe(true)
  })

  it('reads the code at every wired-in address: no code, recent deployment, SELFDESTRUCT, DELEGATECALL', async () => {
    const plain = await deployRaw('00') // STOP: code, nothing dangerous
    const deployedAt = await clients.publicClient.getBlockNumber({ cacheTime: 0 })
    const setter = (signature: string, address: string) => ({
      target: token,
      value: '0',
      signature,
      calldata: encodeFunctionData({ abi: [{ type: 'function', name: signature.split('(')[0]!, inputs: [{ type: 'address', name: 'a' }], outputs: [], stateMutability: 'nonpayable' }], args: [address as Address] }),
    })
    const analysis = await analyzeProposal(
      {
        title: 'Rewire the vault',
        body: 'Point the vault at its new registry, oracle, router and implementation.',
        executor: deployer.address,
        actions: [setter('setRegistry(address)', fresh), setter('setOracle(address)', selfdestructing), setter('setRouter(address)', delegating), setter('setPoolManager(address)', plain)],
        context: { knownContracts: { [token]: 'Vault' } },
      },
      { provider: 'offline', rpcUrl: base.rpcUrl, log: () => {} },
    )
    const wired = (address: string) => analysis.simulation!.wired!.find((w) => w.address.toLowerCase() === address.toLowerCase())!
    expect(wired(fresh)).toMatchObject({ power: 'registry', expectsContract: true, hasCode: false })
    expect(wired(selfdestructing)).toMatchObject({ power: 'oracle', hasCode: true, selfdestruct: true, delegatecall: false })
    expect(wired(delegating)).toMatchObject({ power: 'router', hasCode: true, delegatecall: true })
    expect(wired(plain)).toMatchObject({ power: 'manager', hasCode: true, selfdestruct: false, delegatecall: false, deployedBlock: deployedAt.toString() })
    expect(wired(plain).deployedSecondsBefore).toBeLessThan(7 * 86_400)

    const found = analysis.findings.filter((f) => f.rule === 'wired-code').map((f) => `${f.severity}: ${f.message}`)
    expect(found).toContainEqual(expect.stringMatching(/^high: .*the new registry.* no code on the fork: an externally owned account where a contract is expected/))
    expect(found).toContainEqual(expect.stringMatching(/^high: .*the new oracle.* contains SELFDESTRUCT/))
    expect(found).toContainEqual(expect.stringMatching(/^medium: .*the new router.* contains DELEGATECALL/))
    expect(found).toContainEqual(expect.stringMatching(/^medium: .*the new manager.* was deployed \d+ minutes before the fork block/))
    expect(analysis.level).toBe('high')
  })

  it('findDeploymentBlock: finds the block code appeared in, and says "older" past the window', async () => {
    const plain = await deployRaw('00')
    const deployedAt = await clients.publicClient.getBlockNumber({ cacheTime: 0 })
    // Two minutes later, three blocks on: the code is then older than a 60-second window.
    await clients.publicClient.request({ method: 'evm_increaseTime' as never, params: [120] as never })
    await clients.publicClient.request({ method: 'anvil_mine' as never, params: ['0x3'] as never })
    const atBlock = await clients.publicClient.getBlockNumber({ cacheTime: 0 })
    expect(await findDeploymentBlock(clients.publicClient, { address: plain, atBlock })).toMatchObject({ block: deployedAt })
    expect(await findDeploymentBlock(clients.publicClient, { address: plain, atBlock, windowSeconds: 60 })).toBe('older')
  })

  it('reports an unreachable RPC as a finding and still analyses offline', async () => {
    const logs: string[] = []
    const analysis = await analyzeProposal({ title: 't', body: 'b', actions: [] }, { provider: 'offline', rpcUrl: 'http://127.0.0.1:9', log: (m) => logs.push(m) })
    expect(analysis.simulation).toBeUndefined()
    expect(analysis.findings).toContainEqual(expect.objectContaining({ rule: 'simulation', severity: 'info' }))
    expect(logs[0]).toMatch(/simulation failed: cannot reach/)
  })
})
