'use client'

import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { BaseError, ContractFunctionRevertedError, type Hash } from 'viem'
import { useBlock, useConnection, usePublicClient, useReadContract } from 'wagmi'
import { Address } from '@/app/components/address'
import { TxStatus } from '@/app/components/tx/tx-status'
import { useTxFlow, type TxState } from '@/app/components/tx/use-tx-flow'
import { RequireWallet } from '@/app/components/wallet/require-wallet'
import { arborExecutorAbi, arborSettlementAbi, arborTimelockAbi } from '@/lib/chain/contracts'
import { formatDateTime } from '@/lib/format/format-date-time'
import type { ProposalExecution } from '@/lib/governance/get-proposal-execution'
import { actionsHash, Outcome } from '@/lib/governance/settlement/vote-leaf'

// ArborExecutor.ExecutionState
const State = { Unqueued: 0, Waiting: 1, Ready: 2, Executed: 3, Vetoed: 4 } as const
const refetchInterval = 3_000

function isNotSettled(error: unknown): boolean {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
  return reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === 'ProposalNotSettled'
}

/** "59 min 30 s", "2 h 5 min", "3 d 4 h": what is left of the veto window. */
function duration(seconds: bigint): string {
  const s = Number(seconds)
  if (s >= 86_400) return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`
  if (s >= 3600) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
  if (s >= 60) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${s} s`
}

/** Unix seconds, ticking every second while `running`. */
function useNow(running: boolean): bigint {
  const [now, setNow] = useState(() => BigInt(Math.floor(Date.now() / 1000)))
  useEffect(() => {
    if (!running) return
    const timer = setInterval(() => setNow(BigInt(Math.floor(Date.now() / 1000))), 1_000)
    return () => clearInterval(timer)
  }, [running])
  return now
}

const busy = (state: TxState) => state.status === 'confirm-in-wallet' || state.status === 'pending'

/**
 * Running a passed proposal's actions, read from the chain (not from Arbor): the settled outcome
 * (`ArborSettlement.proposalResult`), then where the actions stand on the DAO's timelock
 * (`ArborExecutor.state`): queue → veto window with its countdown → execute → executed, or vetoed
 * by the guardian. Anyone may queue and execute; the connected guardian also sees "Veto".
 */
export function ExecutionPanel({ execution }: { execution: ProposalExecution }) {
  const { chainId, settlement, executor, timelock, guardian, proposalId, actions } = execution
  const connection = useConnection()
  const publicClient = usePublicClient({ chainId })
  const args = [proposalId, actions.map((a) => a.target), actions.map((a) => BigInt(a.value)), actions.map((a) => a.calldata)] as const
  const queueFlow = useTxFlow()
  const executeFlow = useTxFlow()
  const vetoFlow = useTxFlow()

  const result = useReadContract({
    chainId,
    address: settlement,
    abi: arborSettlementAbi,
    functionName: 'proposalResult',
    args: [proposalId],
    // Settlement happens once, after the vote: look again now and then until it has.
    query: { retry: false, refetchInterval: (query) => (query.state.data ? false : 10_000) },
  })
  const passed = result.data?.outcome === Outcome.Passed
  const state = useReadContract({
    chainId,
    address: executor,
    abi: arborExecutorAbi,
    functionName: 'state',
    args,
    // Executed and vetoed are final.
    query: { enabled: passed, refetchInterval: (query) => (query.state.data === State.Executed || query.state.data === State.Vetoed ? false : refetchInterval) },
  })
  const operation = useReadContract({ chainId, address: executor, abi: arborExecutorAbi, functionName: 'operationId', args, query: { enabled: passed } })
  const readyAt = useReadContract({
    chainId,
    address: timelock,
    abi: arborTimelockAbi,
    functionName: 'getTimestamp',
    args: [operation.data!],
    query: { enabled: Boolean(operation.data) && (state.data === State.Waiting || state.data === State.Ready), refetchInterval },
  })
  const block = useBlock({ chainId, query: { enabled: state.data === State.Waiting, refetchInterval } })
  const now = useNow(state.data === State.Waiting)
  // The transaction that executed (or cancelled) it, from the contracts' events.
  const finalTx = useQuery({
    queryKey: ['execution-tx', executor, proposalId, state.data],
    enabled: Boolean(publicClient) && (state.data === State.Executed || state.data === State.Vetoed),
    queryFn: async (): Promise<Hash | null> => {
      const logs =
        state.data === State.Executed
          ? await publicClient!.getContractEvents({ address: executor, abi: arborExecutorAbi, eventName: 'ProposalExecuted', args: { proposalId }, fromBlock: 'earliest' })
          : await publicClient!.getContractEvents({ address: timelock, abi: arborTimelockAbi, eventName: 'Cancelled', args: { id: operation.data }, fromBlock: 'earliest' })
      return logs.at(-1)?.transactionHash ?? null
    },
  })

  const refresh = () => Promise.all([state.refetch(), readyAt.refetch(), block.refetch()])
  const isGuardian = connection.status === 'connected' && connection.address.toLowerCase() === guardian.toLowerCase()
  const hashMatches = result.data ? result.data.actionsHash === actionsHash(executor, args[1].map((target, i) => ({ target, value: args[2][i]!, calldata: args[3][i]! }))) : true

  let body: React.ReactNode
  if (result.isPending) body = <p className="hint">Reading the settled result from the chain…</p>
  else if (result.error)
    body = isNotSettled(result.error) ? (
      <p data-testid="execution-state">Voting result not settled yet: once the votes are settled on-chain, a passed proposal can be queued here.</p>
    ) : (
      <p className="error" role="alert">
        Could not read the result from the chain: {result.error instanceof BaseError ? result.error.shortMessage : String(result.error)}
      </p>
    )
  else if (result.data.outcome === Outcome.Failed) body = <p data-testid="execution-state">Did not pass: nothing can run.</p>
  else if (result.data.outcome === Outcome.None) body = <p data-testid="execution-state">Settled without an executable outcome: nothing can run.</p>
  else if (!hashMatches)
    body = (
      <p className="error" data-testid="execution-state">
        The actions recorded on-chain for this proposal are not the ones shown here for this treasury, so they cannot run from here.
      </p>
    )
  else if (state.data === undefined) body = <p className="hint">Reading the timelock…</p>
  else if (state.data === State.Unqueued)
    body = (
      <>
        <p data-testid="execution-state">Passed. Queue it to start the veto window; after it, anyone can execute.</p>
        <RequireWallet action="queue">
          <button
            type="button"
            className="primary"
            disabled={busy(queueFlow.state)}
            onClick={async () => {
              if (await queueFlow.run({ address: executor, abi: arborExecutorAbi, functionName: 'queue', args })) await refresh()
            }}
          >
            Queue
          </button>
        </RequireWallet>
      </>
    )
  else if (state.data === State.Waiting || state.data === State.Ready) {
    const eta = readyAt.data ? new Date(Number(readyAt.data) * 1000) : undefined
    // The chain's clock: the latest block's time, or the wall clock when no block was mined since.
    const chainNow = block.data ? (block.data.timestamp > now ? block.data.timestamp : now) : undefined
    const left = readyAt.data && chainNow ? readyAt.data - chainNow : undefined
    body = (
      <>
        {state.data === State.Waiting ? (
          <p data-testid="execution-state">
            Queued. Executable in <strong data-testid="execution-countdown">{left !== undefined && left > 0n ? duration(left) : '…'}</strong>
            {eta && (
              <>
                , at <time dateTime={eta.toISOString()}>{formatDateTime(eta)}</time>
              </>
            )}
            .
          </p>
        ) : (
          <p data-testid="execution-state">Ready: the veto window is over and anyone can execute.</p>
        )}
        <p className="hint">
          Veto window: the guardian <Address address={guardian} /> can cancel until {eta ? formatDateTime(eta) : 'the delay ends'}, and after it until someone executes.
        </p>
        {state.data === State.Ready && (
          <RequireWallet action="execute">
            <button
              type="button"
              className="primary"
              disabled={busy(executeFlow.state)}
              onClick={async () => {
                if (await executeFlow.run({ address: executor, abi: arborExecutorAbi, functionName: 'execute', args })) await refresh()
              }}
            >
              Execute
            </button>
          </RequireWallet>
        )}
        {isGuardian && operation.data && (
          <div className="row">
            <button
              type="button"
              disabled={busy(vetoFlow.state)}
              onClick={async () => {
                if (await vetoFlow.run({ address: timelock, abi: arborTimelockAbi, functionName: 'cancel', args: [operation.data!] })) await refresh()
              }}
            >
              Veto
            </button>
            <span className="hint">You are this treasury&apos;s guardian: a veto cancels the queued actions for good.</span>
          </div>
        )}
      </>
    )
  } else
    body = (
      <p data-testid="execution-state">
        {state.data === State.Executed ? 'Executed.' : 'Vetoed by the guardian: these actions can never run.'}
        {finalTx.data && (
          <>
            {' '}
            Transaction{' '}
            <span className="mono tx-hash" title={finalTx.data} data-testid="execution-tx">
              {finalTx.data.slice(0, 10)}…{finalTx.data.slice(-8)}
            </span>
          </>
        )}
      </p>
    )

  return (
    <section aria-labelledby="execution-heading" className="card execution" data-testid="execution-panel">
      <h2 id="execution-heading">Execution</h2>
      {body}
      <TxStatus state={queueFlow.state} label="Queue" />
      <TxStatus state={executeFlow.state} label="Execute" />
      <TxStatus state={vetoFlow.state} label="Veto" />
      <dl className="facts">
        <dt>Treasury (timelock)</dt>
        <dd data-testid="execution-timelock">
          <Address address={timelock} />
        </dd>
        <dt>Executor</dt>
        <dd data-testid="execution-executor">
          <Address address={executor} />
        </dd>
      </dl>
    </section>
  )
}

