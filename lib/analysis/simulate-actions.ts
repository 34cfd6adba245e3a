import { createPublicClient, http, parseAbi, type Address, type Hex } from 'viem'
import { startAnvil } from '@/lib/chain/anvil'
import { createChainClients } from '@/lib/chain/clients'
import { createAddressBook } from './address-book'
import { classifyAddresses, knownAddressesOf } from './classify-addresses'
import { SimulationError } from './errors'
import { findDeploymentBlock } from './find-deployment-block'
import { flattenActions } from './flatten-actions'
import { listFundMovements } from './list-fund-movements'
import { scanOpcodes } from './scan-opcodes'
import type { DecodedAction, ProposalInput, SimulationReport } from './schema'

export type SimulateActionsParameters = {
  /** The chain to fork; never written to. */
  rpcUrl: string
  input: ProposalInput
  actions: DecodedAction[]
  /** Block to fork from; default the latest. */
  blockNumber?: bigint
}

export type SimulateActionsReturnType = SimulationReport

const erc20 = parseAbi(['function balanceOf(address) view returns (uint256)'])
const implementationSlot = '0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc'
const maxAccounts = 40

type Balances = Map<string, bigint>

/**
 * Runs the proposal's actions on an anvil fork of `rpcUrl`, as the executor (impersonated), one
 * transaction per action in order. Reports each action's outcome, the token and ETH balance
 * changes of every touched account, the code at every target (SELFDESTRUCT / DELEGATECALL, and
 * behind EIP-1967 proxies), the code at every wired-in address (given a power by a setter, or a
 * look-alike: code or none, deployed within 7 days, SELFDESTRUCT / DELEGATECALL; see
 * `findDeploymentBlock`), and whether recipients are fresh. The fork is stopped afterwards.
 */
/** Below the per-transaction cap of current forks (EIP-7825: 2^24). */
const simulationGasLimit = 15_000_000n

export async function simulateActions({ rpcUrl, input, actions, blockNumber }: SimulateActionsParameters): Promise<SimulateActionsReturnType> {
  let chainId: number
  try {
    chainId = await createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }) }).getChainId()
  } catch (error) {
    throw new SimulationError(`cannot reach ${rpcUrl} to fork it`, error)
  }
  const fork = await startAnvil({ forkUrl: rpcUrl, forkBlockNumber: blockNumber, chainId, timeout: 30_000 }).catch((error: unknown) => {
    throw new SimulationError(`cannot start an anvil fork of ${rpcUrl}`, error)
  })
  try {
    return await simulateOnFork(fork.rpcUrl, chainId, rpcUrl, input, actions)
  } finally {
    await fork.stop()
  }
}

async function simulateOnFork(forkUrl: string, chainId: number, upstream: string, input: ProposalInput, actions: DecodedAction[]): Promise<SimulationReport> {
  const executor = input.executor
  const { publicClient, walletClient } = createChainClients({ rpcUrl: forkUrl, chainId, account: executor })
  const book = createAddressBook(input)
  const flat = flattenActions(actions)
  const movements = listFundMovements(flat)
  const forkBlock = await publicClient.getBlockNumber()

  const targets = [...new Set(flat.map((action) => action.target))]
  const tokens = new Set<string>(['native', ...(input.context?.treasury ?? []).map((e) => e.token.toLowerCase())])
  for (const movement of movements) if (movement.asset !== 'native') tokens.add(movement.asset.toLowerCase())
  tokens.delete('0x0000000000000000000000000000000000000000')
  tokens.delete('0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee')
  const accounts = [
    ...new Set(
      [executor, input.proposer, ...movements.map((m) => m.to), ...movements.map((m) => (m.from === 'executor' ? undefined : m.from)), ...targets]
        .filter((a): a is Address => a !== undefined)
        .map((a) => a.toLowerCase() as Address),
    ),
  ].slice(0, maxAccounts)

  const code = await Promise.all(
    targets.map(async (address) => {
      const bytecode = await publicClient.getCode({ address })
      const scan = scanOpcodes(bytecode)
      const slot = await publicClient.getStorageAt({ address, slot: implementationSlot })
      const implementation = slot && BigInt(slot) !== 0n ? (`0x${slot.slice(-40)}` as Address) : undefined
      const implementationScan = implementation ? scanOpcodes(await publicClient.getCode({ address: implementation })) : undefined
      return {
        address,
        hasCode: bytecode !== undefined && bytecode !== '0x',
        ...scan,
        ...(implementation ? { implementation, implementationSelfdestruct: implementationScan!.selfdestruct } : {}),
      }
    }),
  )
  // Every address the actions hand a power to, or that imitates a known one: read before the actions run.
  const upstreamClient = createPublicClient({ transport: http(upstream, { retryCount: 0, timeout: 10_000 }) })
  const wiredEntries = new Map<string, ReturnType<typeof classifyAddresses>[number]>()
  for (const entry of classifyAddresses({ actions: flat, book, known: knownAddressesOf(book, input) })) {
    if ((entry.power || entry.class === 'lookalike') && !wiredEntries.has(entry.address.toLowerCase())) wiredEntries.set(entry.address.toLowerCase(), entry)
  }
  const wired = await Promise.all(
    [...wiredEntries.values()].slice(0, maxAccounts).map(async (entry) => {
      const address = entry.address as Address
      const bytecode = await publicClient.getCode({ address })
      const hasCode = bytecode !== undefined && bytecode !== '0x'
      const deployment = hasCode ? await findDeploymentBlock(upstreamClient, { address, atBlock: forkBlock }) : undefined
      return {
        address,
        actionIndex: entry.actionIndex,
        argument: entry.argument,
        ...(entry.power ? { power: entry.power.power } : {}),
        expectsContract: entry.power?.expectsContract ?? false,
        hasCode,
        ...scanOpcodes(bytecode),
        ...(deployment === 'older' ? { olderThanWindow: true } : deployment ? { deployedBlock: deployment.block.toString(), deployedSecondsBefore: deployment.secondsBefore } : {}),
      }
    }),
  )
  const recipients = await Promise.all(
    [...new Set(movements.map((m) => m.to))].map(async (address) => ({
      address,
      hasCode: ((await publicClient.getCode({ address })) ?? '0x') !== '0x',
      nonce: await publicClient.getTransactionCount({ address }),
    })),
  )

  const readBalances = async (): Promise<Balances> => {
    const balances: Balances = new Map()
    await Promise.all(
      accounts.flatMap((account) =>
        [...tokens].map(async (token) => {
          try {
            const balance =
              token === 'native'
                ? await publicClient.getBalance({ address: account })
                : await publicClient.readContract({ address: token as Address, abi: erc20, functionName: 'balanceOf', args: [account] })
            balances.set(`${account}|${token}`, balance)
          } catch {
            // Not an ERC-20 (or not deployed): no balance to track.
          }
        }),
      ),
    )
    return balances
  }

  const results: SimulationReport['actions'] = []
  let gasPaid = 0n
  let before: Balances
  if (!executor) {
    before = await readBalances()
    for (const action of actions) results.push({ index: action.index, status: 'skipped', error: 'no executor given: actions were not run' })
  } else {
    await publicClient.request({ method: 'anvil_impersonateAccount' as never, params: [executor] as never })
    // Gas money for the executor; gas spent is added back below, so balance changes show only the actions.
    const startBalance = await publicClient.getBalance({ address: executor })
    await publicClient.request({ method: 'anvil_setBalance' as never, params: [executor, `0x${(startBalance + 10n ** 19n).toString(16)}`] as never })
    before = await readBalances()
    for (const action of actions) {
      const call = { account: executor, to: action.target, data: action.calldata as Hex, value: BigInt(action.value) }
      try {
        await publicClient.call(call)
      } catch (error) {
        results.push({ index: action.index, status: 'reverted', error: revertReason(error) })
        continue
      }
      try {
        // A fixed gas limit: anvil's estimate on a fork can fall short (ERC20Votes checkpoints), which
        // would report a revert the real execution would not have.
        const hash = await walletClient.sendTransaction({ ...call, account: executor, chain: walletClient.chain, gas: simulationGasLimit })
        const receipt = await publicClient.waitForTransactionReceipt({ hash })
        gasPaid += receipt.gasUsed * receipt.effectiveGasPrice
        results.push({ index: action.index, status: receipt.status === 'success' ? 'success' : 'reverted', gasUsed: receipt.gasUsed.toString() })
      } catch (error) {
        results.push({ index: action.index, status: 'reverted', error: revertReason(error) })
      }
    }
  }
  const after = await readBalances()

  const balanceChanges: SimulationReport['balanceChanges'] = []
  for (const [key, was] of before) {
    const [account, token] = key.split('|') as [string, string]
    let now = after.get(key) ?? was
    if (token === 'native' && executor && account === executor.toLowerCase()) now += gasPaid
    if (now === was) continue
    balanceChanges.push({
      account,
      label: book.labelOf(account),
      token,
      symbol: token === 'native' ? 'ETH' : book.tokenOf(token)?.symbol,
      before: was.toString(),
      after: now.toString(),
      delta: (now - was).toString(),
    })
  }
  return { forkedFrom: upstream, blockNumber: forkBlock.toString(), executor: executor ?? 'none', actions: results, balanceChanges, code, wired, recipients }
}

function revertReason(error: unknown): string {
  const shortMessage = (error as { shortMessage?: string }).shortMessage
  const message = shortMessage ?? (error instanceof Error ? error.message : String(error))
  return message.split('\n')[0]!.slice(0, 300)
}
