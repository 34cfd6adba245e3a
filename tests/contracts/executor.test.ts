import {
  BaseError,
  decodeErrorResult,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  keccak256,
  parseUnits,
  toHex,
  type Address,
  type Hex,
} from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import {
  arborExecutorAbi,
  arborExecutorBytecode,
  arborSettlementAbi,
  arborSettlementBytecode,
  arborTimelockAbi,
  arborTokenAbi,
  arborTokenBytecode,
  iArborExecutorAbi,
} from '@/lib/chain/contracts'
import { contractErrorMessages } from '@/lib/chain/describe-contract-error'
import { deployContract } from '@/lib/chain/deploy-contract'
import { deployDaoExecutor, TIMELOCK_ROLES, type DeployDaoExecutorReturnType } from '@/lib/chain/deploy-dao-executor'
import { actionsHash, onChainProposalId, Outcome, type ProposalAction } from '@/lib/governance/settlement/vote-leaf'
import { devSigners, increaseTime, mined, revertName, testSigner } from './helpers'

const [admin, settler, guardian, outsider] = devSigners as [PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount, PrivateKeyAccount]
const minDelay = 3600n
const treasury = parseUnits('200000', 18)
const votesRoot = keccak256(toHex('votes'))
const tally = keccak256(toHex('tally'))
const zero: Hex = `0x${'0'.repeat(64)}`
// OpenZeppelin TimelockController.OperationState and ArborExecutor.ExecutionState.
const Op = { Unset: 0, Waiting: 1, Ready: 2, Done: 3 } as const
const State = { Unqueued: 0, Waiting: 1, Ready: 2, Executed: 3, Vetoed: 4 } as const

describe('ArborExecutor on anvil', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let token: Address
  let settlement: Address
  let dao: DeployDaoExecutorReturnType
  const gas: Record<string, bigint> = {}

  const transfer = (to: Address, amount: bigint): ProposalAction => ({
    target: token,
    value: 0n,
    calldata: encodeFunctionData({ abi: arborTokenAbi, functionName: 'transfer', args: [to, amount] }),
  })
  const argsOf = (proposalId: Hex, actions: readonly ProposalAction[]) =>
    [proposalId, actions.map((a) => a.target), actions.map((a) => a.value), actions.map((a) => a.calldata)] as const
  const balanceOf = (account: Address) =>
    clients.publicClient.readContract({ address: token, abi: arborTokenAbi, functionName: 'balanceOf', args: [account] })
  const settle = (proposalId: Hex, outcome: Outcome, hash: Hex) =>
    mined(
      clients.publicClient,
      clients.walletClient.writeContract({ address: settlement, abi: arborSettlementAbi, functionName: 'settleProposal', args: [proposalId, votesRoot, tally, 3n, outcome, hash], account: settler }),
    )
  const simulate = (executor: Address, functionName: 'queue' | 'execute', args: ReturnType<typeof argsOf>, account = outsider) =>
    clients.publicClient.simulateContract({ address: executor, abi: arborExecutorAbi, functionName, args: [...args] as never, account })
  const send = async (label: string, executor: Address, functionName: 'queue' | 'execute', args: ReturnType<typeof argsOf>, account = outsider) => {
    const receipt = await mined(clients.publicClient, clients.walletClient.writeContract({ address: executor, abi: arborExecutorAbi, functionName, args: [...args] as never, account }))
    gas[label] = receipt.gasUsed
    return receipt
  }
  const stateOf = (args: ReturnType<typeof argsOf>, executor = dao.executor) =>
    clients.publicClient.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'state', args: [...args] as never })
  const operationOf = async (args: ReturnType<typeof argsOf>, executor = dao.executor) =>
    clients.publicClient.readContract({ address: executor, abi: arborExecutorAbi, functionName: 'operationId', args: [...args] as never })
  const timelockRead = (functionName: string, args: readonly unknown[], timelock = dao.timelock) =>
    clients.publicClient.readContract({ address: timelock, abi: arborTimelockAbi, functionName, args } as never) as Promise<unknown>
  /** A proposal settled as Passed with `actions` bound to `executor`. */
  const passed = async (name: string, actions: readonly ProposalAction[], executor = dao.executor) => {
    const proposalId = onChainProposalId(crypto.randomUUID())
    await settle(proposalId, Outcome.Passed, actionsHash(executor, actions))
    void name
    return argsOf(proposalId, actions)
  }

  beforeAll(async () => {
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: admin })
    token = (await deployContract(clients, { abi: arborTokenAbi, bytecode: arborTokenBytecode, args: ['Arbor', 'ARB', admin.address, admin.address, parseUnits('1000000', 18)] })).address
    settlement = (await deployContract(clients, { abi: arborSettlementAbi, bytecode: arborSettlementBytecode, args: [admin.address, settler.address] })).address
    dao = await deployDaoExecutor(clients, { settlement, guardian: guardian.address, minDelay })
    await mined(clients.publicClient, clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [dao.timelock, treasury] }))
  })

  afterAll(async () => {
    await anvil?.stop()
    if (Object.keys(gas).length > 0) console.table(Object.entries(gas).map(([operation, used]) => ({ operation, gas: Number(used) })))
  })

  it('deploys a timelock whose only proposer and executor is the executor, the guardian its canceller, and no admin', async () => {
    expect(dao).toMatchObject({ guardian: guardian.address, minDelay })
    expect(await timelockRead('getMinDelay', [])).toBe(minDelay)
    const has = (role: Hex, account: Address) => timelockRead('hasRole', [role, account])
    expect(await has(TIMELOCK_ROLES.proposer, dao.executor)).toBe(true)
    expect(await has(TIMELOCK_ROLES.executor, dao.executor)).toBe(true)
    expect(await has(TIMELOCK_ROLES.canceller, guardian.address)).toBe(true)
    expect(await has(TIMELOCK_ROLES.proposer, guardian.address)).toBe(false)
    expect(await has(TIMELOCK_ROLES.executor, guardian.address)).toBe(false)
    for (const role of Object.values(TIMELOCK_ROLES)) expect(await has(role, admin.address)).toBe(false)
    // Only the timelock administers itself: roles change through a passed proposal, after the delay.
    expect(await has(TIMELOCK_ROLES.admin, dao.timelock)).toBe(true)
    expect(await has(TIMELOCK_ROLES.executor, '0x0000000000000000000000000000000000000000')).toBe(false)
    expect(await clients.publicClient.readContract({ address: dao.executor, abi: arborExecutorAbi, functionName: 'timelock' })).toBe(dao.timelock)
    expect(await clients.publicClient.readContract({ address: dao.executor, abi: arborExecutorAbi, functionName: 'settlement' })).toBe(getAddress(settlement))
  })

  it('refuses a zero settlement or timelock at deployment', async () => {
    for (const args of [['0x0000000000000000000000000000000000000000', dao.timelock], [settlement, '0x0000000000000000000000000000000000000000']] as const) {
      const data = encodeDeployData({ abi: arborExecutorAbi, bytecode: arborExecutorBytecode, args })
      const error = await clients.publicClient.call({ data }).then(() => undefined, (e: unknown) => e)
      const revert = error instanceof BaseError ? (error.walk((e) => typeof (e as { data?: unknown }).data === 'string') as { data?: Hex } | null) : null
      expect(decodeErrorResult({ abi: arborExecutorAbi, data: revert!.data! }).errorName).toBe('ZeroAddress')
    }
  })

  it('queues and, after the delay, executes a passed one-action proposal: a treasury transfer', async () => {
    const recipient = testSigner('recipient-1').address
    const args = await passed('one action', [transfer(recipient, parseUnits('1500', 18))])
    expect(await revertName(simulate(dao.executor, 'execute', args))).toBe('ProposalNotQueued')
    expect(await stateOf(args)).toBe(State.Unqueued)

    const queued = await send('queue (one action)', dao.executor, 'queue', args)
    const id = await operationOf(args)
    expect(await clients.publicClient.readContract({ address: dao.executor, abi: arborExecutorAbi, functionName: 'queuedOperation', args: [args[0]] })).toBe(id)
    const readyAt = (await timelockRead('getTimestamp', [id])) as bigint
    expect(readyAt).toBe((await clients.publicClient.getBlock({ blockNumber: queued.blockNumber })).timestamp + minDelay)
    expect(await timelockRead('getOperationState', [id])).toBe(Op.Waiting)
    expect(await stateOf(args)).toBe(State.Waiting)
    expect(await revertName(simulate(dao.executor, 'queue', args))).toBe('ProposalAlreadyQueued')
    expect(await revertName(simulate(dao.executor, 'execute', args))).toBe('ProposalNotReady')

    await increaseTime(clients.publicClient, Number(minDelay))
    expect(await stateOf(args)).toBe(State.Ready)
    expect(await balanceOf(recipient)).toBe(0n)
    await send('execute (one action)', dao.executor, 'execute', args)
    expect(await balanceOf(recipient)).toBe(parseUnits('1500', 18))
    expect(await balanceOf(dao.timelock)).toBe(treasury - parseUnits('1500', 18))
    expect(await timelockRead('getOperationState', [id])).toBe(Op.Done)
    expect(await stateOf(args)).toBe(State.Executed)
    // Executing twice, or queuing again, is refused; the executor holds nothing.
    expect(await revertName(simulate(dao.executor, 'execute', args))).toBe('ProposalAlreadyExecuted')
    expect(await revertName(simulate(dao.executor, 'queue', args))).toBe('ProposalAlreadyExecuted')
    expect(await balanceOf(dao.executor)).toBe(0n)
    expect(await clients.publicClient.getBalance({ address: dao.executor })).toBe(0n)
  })

  it('runs only the recorded actions: other actions are refused at queue and at execute', async () => {
    const recipient = testSigner('recipient-2').address
    const actions = [transfer(recipient, parseUnits('10', 18))]
    const args = await passed('other actions', actions)
    const [proposalId] = args
    const stolen = argsOf(proposalId, [transfer(outsider.address, parseUnits('10', 18))])
    const more = argsOf(proposalId, [...actions, transfer(outsider.address, 1n)])
    for (const other of [stolen, more]) expect(await revertName(simulate(dao.executor, 'queue', other))).toBe('ActionsMismatch')
    expect(await revertName(simulate(dao.executor, 'queue', argsOf(proposalId, [])))).toBe('InvalidActions')
    expect(await revertName(simulate(dao.executor, 'queue', [proposalId, [token], [], ['0x']]))).toBe('InvalidActions')
    await send('queue', dao.executor, 'queue', args)
    await increaseTime(clients.publicClient, Number(minDelay))
    expect(await revertName(simulate(dao.executor, 'execute', stolen))).toBe('ActionsMismatch')
    // Nobody but the executor schedules or runs anything on the treasury.
    const [, targets, values, calldatas] = stolen
    const direct = (functionName: 'scheduleBatch' | 'executeBatch') =>
      clients.publicClient.simulateContract({
        address: dao.timelock,
        abi: arborTimelockAbi,
        functionName,
        args: (functionName === 'scheduleBatch' ? [targets, values, calldatas, zero, proposalId, minDelay] : [targets, values, calldatas, zero, proposalId]) as never,
        account: outsider,
      } as never)
    expect(await revertName(direct('scheduleBatch'))).toBe('AccessControlUnauthorizedAccount')
    expect(await revertName(direct('executeBatch'))).toBe('AccessControlUnauthorizedAccount')
    await send('execute', dao.executor, 'execute', args)
    expect(await balanceOf(recipient)).toBe(parseUnits('10', 18))
    expect(await balanceOf(outsider.address)).toBe(0n)
  })

  it('refuses a proposal not settled, settled without actions (None) or failed', async () => {
    const actions = [transfer(outsider.address, 1n)]
    const unsettled = argsOf(onChainProposalId(crypto.randomUUID()), actions)
    expect(await revertName(simulate(dao.executor, 'queue', unsettled))).toBe('ProposalNotSettled')
    const none = argsOf(onChainProposalId(crypto.randomUUID()), actions)
    await settle(none[0], Outcome.None, zero)
    expect(await revertName(simulate(dao.executor, 'queue', none))).toBe('ProposalNotPassed')
    const failed = argsOf(onChainProposalId(crypto.randomUUID()), actions)
    await settle(failed[0], Outcome.Failed, actionsHash(dao.executor, actions))
    expect(await revertName(simulate(dao.executor, 'queue', failed))).toBe('ProposalNotPassed')
    for (const args of [unsettled, none, failed]) expect(await revertName(simulate(dao.executor, 'execute', args))).toBe('ProposalNotQueued')
  })

  it('lets the guardian veto during the delay: the proposal never runs and cannot be queued again', async () => {
    const recipient = testSigner('recipient-veto').address
    const args = await passed('veto', [transfer(recipient, parseUnits('99', 18))])
    await send('queue', dao.executor, 'queue', args)
    const id = await operationOf(args)
    const cancel = (account: PrivateKeyAccount) =>
      clients.walletClient.writeContract({ address: dao.timelock, abi: arborTimelockAbi, functionName: 'cancel', args: [id], account })
    expect(await revertName(clients.publicClient.simulateContract({ address: dao.timelock, abi: arborTimelockAbi, functionName: 'cancel', args: [id], account: outsider }))).toBe('AccessControlUnauthorizedAccount')
    const vetoed = await mined(clients.publicClient, cancel(guardian))
    gas['cancel (guardian veto)'] = vetoed.gasUsed
    expect(await timelockRead('getOperationState', [id])).toBe(Op.Unset)
    expect(await stateOf(args)).toBe(State.Vetoed)
    expect(await revertName(simulate(dao.executor, 'queue', args))).toBe('ProposalVetoed')
    await increaseTime(clients.publicClient, Number(minDelay) + 1)
    expect(await revertName(simulate(dao.executor, 'execute', args))).toBe('ProposalVetoed')
    expect(await balanceOf(recipient)).toBe(0n)
  })

  it("binds the actions to one executor: another DAO's executor cannot run this DAO's passed proposal", async () => {
    const other = await deployDaoExecutor(clients, { settlement, guardian: guardian.address, minDelay: 60n })
    await mined(clients.publicClient, clients.walletClient.writeContract({ address: token, abi: arborTokenAbi, functionName: 'transfer', args: [other.timelock, parseUnits('1000', 18)] }))
    const recipient = testSigner('recipient-other-dao').address
    const args = await passed('first DAO', [transfer(recipient, parseUnits('5', 18))])
    expect(await revertName(simulate(other.executor, 'queue', args))).toBe('ActionsMismatch')
    expect(await revertName(simulate(other.executor, 'execute', args))).toBe('ProposalNotQueued')
    await send('queue', dao.executor, 'queue', args)
    await increaseTime(clients.publicClient, Number(minDelay))
    expect(await revertName(simulate(other.executor, 'execute', args))).toBe('ProposalNotQueued')
    await send('execute', dao.executor, 'execute', args)
    expect(await balanceOf(other.timelock)).toBe(parseUnits('1000', 18))
    expect(await balanceOf(recipient)).toBe(parseUnits('5', 18))
  })

  it('describes every custom error of the executor in words', () => {
    const names = iArborExecutorAbi.filter((item) => item.type === 'error').map((item) => item.name)
    expect(names).toEqual(
      expect.arrayContaining(['ProposalNotSettled', 'ProposalNotPassed', 'ActionsMismatch', 'ProposalAlreadyQueued', 'ProposalNotReady', 'ProposalAlreadyExecuted', 'ProposalVetoed', 'ProposalNotQueued']),
    )
    for (const name of names) expect(contractErrorMessages[name], name).toBeTypeOf('function')
  })
})

