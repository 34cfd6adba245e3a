import {
  BaseError as ViemBaseError,
  ContractFunctionRevertedError,
  encodeFunctionData,
  keccak256,
  parseEventLogs,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem'
import type { ChainClients } from '../../chain/clients'
import { arborSettlementAbi } from '../../chain/contracts/ArborSettlement'
import type { SqlClient, SqlQueryable } from '../../db/types'
import { BaseError, NotFoundError } from '../../errors'
import { materializeVotes } from '../../intake/materialize-votes'
import { computeSettlement, OUTCOME_NAMES, tallyToJson, type ComputedSettlement, type OutcomeName } from './compute-settlement'
import { onChainProposalId, type Outcome } from './vote-leaf'
import { loadCountedVoteLeaves } from './votes-tree'

export type ProposalSettlementClients = Pick<ChainClients, 'publicClient' | 'walletClient'>

export type SettleProposalsParameters = {
  /** The ArborSettlement contract. */
  settlement: Address
  /** Default now. Proposals whose `end_at` is before `now - graceMs` are settled. */
  now?: Date
  /**
   * Milliseconds after a proposal's end before it is settled (default 10 000): a vote verified just
   * before the end may still be in an intake batch being written (at most INTAKE_FLUSH_MS, ≤ 5 s, plus the write).
   */
  graceMs?: number
  /** Only this proposal (it must still be past its end and the grace). */
  proposalId?: string
  /** Broadcast attempts when the node errs; default 5, 200 ms apart, doubling. */
  attempts?: number
  retryDelayMs?: number
  /** How long to wait for the receipt, ms; default 120 000. */
  receiptTimeoutMs?: number
}

export type SettledProposalSummary = {
  proposalId: string
  onChainProposalId: Hex
  /**
   * `confirmed`: mined, `ProposalSettled` emitted; `recorded`: already settled on chain (by an earlier
   * run whose record was lost, or another settler), copied from `proposalResult`; `submitted`: sent or
   * stored but not confirmed yet (the node could not be reached): the next run finishes it with the same
   * bytes; `failed`: reverted or its nonce was taken, the next run signs it again.
   */
  status: 'confirmed' | 'recorded' | 'submitted' | 'failed'
  votesRoot: Hex
  tallyHash: Hex
  voteCount: number
  outcome: OutcomeName
  actionsHash: Hex
  txHash: Hex | null
  blockNumber: string | null
  error?: string
  /** Milliseconds: load the votes, tally, tree, sign and store, broadcast until the receipt. */
  timings?: { loadMs: number; tallyMs: number; treeMs: number; signMs: number; confirmMs: number; totalMs: number }
}

export type SettleProposalsReturnType = { settled: SettledProposalSummary[]; errors: { proposalId: string; message: string }[] }

/** The settlement cannot be sent: the contract refuses it (not a settler, bad arguments). */
export class ProposalSettlementError extends BaseError {
  override name = 'ProposalSettlementError'
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super(message, { code: 'conflict', details, cause })
  }
}

// One settler prepares (computes, signs, stores) at a time: pg_advisory_xact_lock on this key.
const LOCK_KEY = 'arbor:settle-proposals'

type ResultRow = {
  proposal_id: string
  votes_root: Hex
  tally_hash: Hex
  vote_count: number
  outcome: OutcomeName
  actions_hash: Hex
  status: 'pending' | 'submitted' | 'confirmed' | 'failed'
  raw_transaction: Hex | null
  tx_hash: Hex | null
  block_number: string | null
  settlement_address: string | null
}

type OnChainResult = { votesRoot: Hex; tallyHash: Hex; voteCount: bigint; settledAt: bigint; outcome: number; actionsHash: Hex }

function messageOf(error: unknown): string {
  return error instanceof ViemBaseError ? `${error.shortMessage} ${error.details ?? ''}`.trim() : error instanceof Error ? error.message : String(error)
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `proposalResult(id)` on chain, or undefined while it reverts `ProposalNotSettled`. */
export async function readOnChainResult(publicClient: ProposalSettlementClients['publicClient'], settlement: Address, id: Hex): Promise<OnChainResult | undefined> {
  try {
    return (await publicClient.readContract({ address: settlement, abi: arborSettlementAbi, functionName: 'proposalResult', args: [id] })) as OnChainResult
  } catch (error) {
    const reverted = error instanceof ViemBaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
    if (reverted instanceof ContractFunctionRevertedError && reverted.data?.errorName === 'ProposalNotSettled') return undefined
    throw error
  }
}

async function findReceipt(publicClient: ProposalSettlementClients['publicClient'], hash: Hex): Promise<TransactionReceipt | undefined> {
  try {
    return await publicClient.getTransactionReceipt({ hash })
  } catch (error) {
    if (error instanceof TransactionReceiptNotFoundError) return undefined
    throw error
  }
}

async function isKnown(publicClient: ProposalSettlementClients['publicClient'], hash: Hex): Promise<boolean> {
  try {
    await publicClient.getTransaction({ hash })
    return true
  } catch (error) {
    if (error instanceof TransactionNotFoundError) return false
    throw error
  }
}

const summaryOf = (row: ResultRow, status: SettledProposalSummary['status'], extra: Partial<SettledProposalSummary> = {}): SettledProposalSummary => ({
  proposalId: row.proposal_id,
  onChainProposalId: onChainProposalId(row.proposal_id),
  status,
  votesRoot: row.votes_root,
  tallyHash: row.tally_hash,
  voteCount: row.vote_count,
  outcome: row.outcome,
  actionsHash: row.actions_hash,
  txHash: row.tx_hash,
  blockNumber: row.block_number,
  ...extra,
})

const RESULT_COLUMNS = `proposal_id::text AS proposal_id, votes_root, tally_hash, vote_count, outcome::text AS outcome, actions_hash,
  status::text AS status, raw_transaction, tx_hash, block_number::text AS block_number, settlement_address`

/**
 * Settles every proposal past its end (and `graceMs`) that is not settled yet, on `settlement`'s
 * chain, one at a time from the settler's account, never posting a proposal twice:
 * 1. results an earlier run left `submitted` are finished first, from their stored bytes;
 * 2. for each proposal, under a Postgres advisory lock (two settlers never prepare at once):
 *    `proposalResult` is read on chain first (already settled: recorded, nothing sent); then the
 *    settlement is computed (`computeSettlement`: tally, votes tree, hashes, outcome), the
 *    `settleProposal` transaction signed, and its raw bytes, nonce and hash stored in
 *    `proposal_results` (status `submitted`) before anything is broadcast;
 * 3. the stored bytes are broadcast (`retryCount: 0`; after an error the hash is looked up, and
 *    only the same bytes are sent again), the receipt awaited, and on `ProposalSettled` the result
 *    becomes `confirmed` and the proposal `settled`.
 * A lost RPC answer after the send therefore leads, on the next try, to "already known" or to the
 * receipt: one transaction, one `ProposalSettled`. A proposal with no votes settles to
 * `EMPTY_VOTES_ROOT` with count 0. Errors of one proposal are listed in `errors`; the rest go on.
 */
export async function settleProposals(sql: SqlClient, clients: ProposalSettlementClients, params: SettleProposalsParameters): Promise<SettleProposalsReturnType> {
  const { settlement, now = new Date(), graceMs = 10_000, proposalId } = params
  const chainId = clients.walletClient.chain.id
  const result: SettleProposalsReturnType = { settled: [], errors: [] }

  const { rows: open } = await sql.query<{ proposal_id: string }>(
    `SELECT proposal_id::text AS proposal_id FROM proposal_results
     WHERE status = 'submitted' AND chain_id = $1 AND lower(settlement_address) = lower($2) AND ($3::uuid IS NULL OR proposal_id = $3::uuid)
     ORDER BY nonce`,
    [chainId, settlement, proposalId ?? null],
  )
  for (const { proposal_id } of open) {
    try {
      result.settled.push(await finishSettlement(sql, clients, { ...params, proposalId: proposal_id }))
    } catch (error) {
      result.errors.push({ proposalId: proposal_id, message: messageOf(error) })
    }
  }
  // The node is unreachable or an earlier transaction is unmined: more would only queue behind it.
  if (result.settled.some((s) => s.status === 'submitted')) return result

  const { rows: due } = await sql.query<{ id: string }>(
    `SELECT p.id::text AS id FROM proposals p JOIN spaces s ON s.id = p.space_id LEFT JOIN proposal_results r ON r.proposal_id = p.id
     WHERE p.end_at < $1 AND p.state NOT IN ('settled', 'canceled') AND s.chain_id = $2
       AND (r.proposal_id IS NULL OR r.status IN ('pending', 'failed')) AND ($3::uuid IS NULL OR p.id = $3::uuid)
     ORDER BY p.end_at, p.id`,
    [new Date(now.getTime() - graceMs), chainId, proposalId ?? null],
  )
  for (const { id } of due) {
    try {
      const summary = await settleProposal(sql, clients, { ...params, proposalId: id })
      result.settled.push(summary)
      if (summary.status === 'submitted') break
    } catch (error) {
      result.errors.push({ proposalId: id, message: messageOf(error) })
    }
  }
  return result
}

/**
 * Settles one proposal (past its end; not checked here): prepares it under the advisory lock
 * (chain checked, computed, signed, stored), then broadcasts the stored bytes and waits for the
 * receipt. Safe to call again at any point: a stored transaction is finished, never re-signed,
 * unless it failed.
 */
export async function settleProposal(
  sql: SqlClient,
  clients: ProposalSettlementClients,
  params: SettleProposalsParameters & { proposalId: string },
): Promise<SettledProposalSummary> {
  const started = performance.now()
  // The counted votes are derived from the intake's vote log off the acknowledging path: bring
  // this proposal's `votes` up to date before they are read.
  await materializeVotes(sql, { proposalId: params.proposalId })
  const prepared = await prepareSettlement(sql, clients, params)
  if ('summary' in prepared) return prepared.summary
  const summary = await finishSettlement(sql, clients, params)
  if ('resume' in prepared) return summary
  return { ...summary, timings: { ...prepared.timings, confirmMs: performance.now() - prepared.signedAt, totalMs: performance.now() - started } }
}

type Prepared =
  | { summary: SettledProposalSummary }
  | { resume: true }
  | { timings: { loadMs: number; tallyMs: number; treeMs: number; signMs: number }; signedAt: number }

async function prepareSettlement(sql: SqlClient, clients: ProposalSettlementClients, { settlement, proposalId }: SettleProposalsParameters & { proposalId: string }): Promise<Prepared> {
  const { publicClient, walletClient } = clients
  const account = walletClient.account
  const chainId = walletClient.chain.id
  return sql.transaction(
    async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY])
      const { rows: [existing] } = await tx.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM proposal_results WHERE proposal_id = $1::uuid`, [proposalId])
      // Another settler prepared it while this one waited for the lock: finish the same bytes.
      if (existing?.status === 'confirmed') return { summary: summaryOf(existing, 'confirmed') }
      if (existing?.status === 'submitted') return { resume: true as const }
      const t0 = performance.now()
      const inputs = await loadSettlementInputs(tx, proposalId)
      const votes = await loadCountedVoteLeaves(tx, { proposalId })
      const loadMs = performance.now() - t0
      const computed = computeSettlement(inputs, votes)

      const t1 = performance.now()
      const onChain = await readOnChainResult(publicClient, settlement, computed.onChainProposalId)
      if (onChain) {
        const row = await recordFromChain(tx, { proposalId, computed, onChain, chainId, settlement, publicClient })
        return { summary: summaryOf(row, 'recorded', row.error ? { error: row.error } : {}) }
      }

      const call = {
        abi: arborSettlementAbi,
        functionName: 'settleProposal',
        args: [computed.onChainProposalId, computed.votesRoot, computed.tallyHash, BigInt(computed.voteCount), computed.outcome, computed.actionsHash],
      } as const
      const data = encodeFunctionData(call)
      let gas: bigint
      try {
        // with the ABI, so a revert names its custom error (AccessControlUnauthorizedAccount...)
        gas = await publicClient.estimateContractGas({ ...call, address: settlement, account })
      } catch (error) {
        const reverted = error instanceof ViemBaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined
        const name = reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
        throw new ProposalSettlementError(`settleProposal on ${settlement} would revert${name ? ` with ${name}` : ''}: ${messageOf(error).split('\n')[0]}`, { proposalId, errorName: name }, error)
      }
      // The node's pending count, or past the last nonce this settler stored and may not have broadcast yet.
      const { rows: [last] } = await tx.query<{ nonce: number | null }>(
        `SELECT max(nonce) AS nonce FROM proposal_results WHERE status = 'submitted' AND chain_id = $1 AND settler = $2`,
        [chainId, account.address.toLowerCase()],
      )
      const pending = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' })
      const nonce = Math.max(pending, last?.nonce == null ? 0 : last.nonce + 1)
      const request = await walletClient.prepareTransactionRequest({ account, chain: walletClient.chain, to: settlement, data, gas: (gas * 6n) / 5n, nonce })
      const raw = await walletClient.signTransaction(request as never)
      const txHash = keccak256(raw)
      await upsertResult(tx, proposalId, computed, {
        status: 'submitted',
        chainId,
        settlement,
        settler: account.address.toLowerCase(),
        nonce,
        raw,
        txHash,
        blockNumber: null,
        settledAt: null,
        error: null,
      })
      const signedAt = performance.now()
      return { timings: { loadMs, tallyMs: computed.timings.tallyMs, treeMs: computed.timings.treeMs, signMs: signedAt - t1 }, signedAt }
    },
    { timeoutMs: 120_000 },
  )
}

/** The proposal's tally rules, actions and its space's executor. */
async function loadSettlementInputs(sql: SqlQueryable, proposalId: string) {
  const { rows: [row] } = await sql.query<{ voting_type: string; choice_count: number; max_picks: number | null; quorum: string; actions: unknown; executor: string | null }>(
    `SELECT p.voting_type::text AS voting_type, cardinality(p.choices) AS choice_count, p.max_picks, s.quorum::text AS quorum, p.actions,
            s.executor_address AS executor
     FROM proposals p JOIN spaces s ON s.id = p.space_id WHERE p.id = $1::uuid`,
    [proposalId],
  )
  if (!row) throw new NotFoundError(`No proposal ${proposalId}.`, { proposalId })
  const actions = (Array.isArray(row.actions) ? row.actions : []) as { target: string; value: string; calldata: string }[]
  return {
    proposalId,
    votingType: row.voting_type,
    choiceCount: Number(row.choice_count),
    maxPicks: row.max_picks,
    quorum: BigInt(row.quorum),
    actions,
    executor: row.executor ? row.executor.toLowerCase() : null,
  }
}

type ResultFields = {
  status: 'submitted' | 'confirmed' | 'failed'
  chainId: number
  settlement: Address
  settler: string | null
  nonce: number | null
  raw: Hex | null
  txHash: Hex | null
  blockNumber: bigint | null
  settledAt: Date | null
  error: string | null
}

async function upsertResult(sql: SqlQueryable, proposalId: string, computed: ComputedSettlement, fields: ResultFields): Promise<void> {
  const values = [
    proposalId,
    computed.votesRoot,
    computed.tallyHash,
    computed.voteCount,
    JSON.stringify(computed.tally.scores.map(String)),
    JSON.stringify(tallyToJson(computed.tally)),
    OUTCOME_NAMES[computed.outcome],
    computed.actionsHash,
    fields.chainId,
    fields.settlement.toLowerCase(),
    fields.settler,
    fields.nonce,
    fields.raw,
    fields.txHash,
    fields.blockNumber?.toString() ?? null,
    fields.settledAt,
    fields.status,
    fields.error,
    computed.executor,
  ]
  await sql.query(
    `INSERT INTO proposal_results (proposal_id, votes_root, tally_hash, vote_count, scores, tally, outcome, actions_hash, chain_id, settlement_address,
                                   settler, nonce, raw_transaction, tx_hash, block_number, settled_at, status, error, executor, confirmed_at)
     VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb, $7::proposal_outcome, $8, $9, $10, $11, $12, $13, $14, $15::bigint, $16, $17::settlement_status, $18, $19,
             CASE WHEN $17 = 'confirmed' THEN now() END)
     ON CONFLICT (proposal_id) DO UPDATE SET votes_root = EXCLUDED.votes_root, tally_hash = EXCLUDED.tally_hash, vote_count = EXCLUDED.vote_count,
       scores = EXCLUDED.scores, tally = EXCLUDED.tally, outcome = EXCLUDED.outcome, actions_hash = EXCLUDED.actions_hash, chain_id = EXCLUDED.chain_id,
       settlement_address = EXCLUDED.settlement_address, settler = EXCLUDED.settler, nonce = EXCLUDED.nonce, raw_transaction = EXCLUDED.raw_transaction,
       tx_hash = EXCLUDED.tx_hash, block_number = EXCLUDED.block_number, settled_at = EXCLUDED.settled_at, status = EXCLUDED.status, error = EXCLUDED.error,
       executor = EXCLUDED.executor, confirmed_at = EXCLUDED.confirmed_at`,
    values,
  )
  if (fields.status === 'confirmed') await sql.query(`UPDATE proposals SET state = 'settled' WHERE id = $1::uuid`, [proposalId])
}

/**
 * The proposal is settled on chain already: store what the chain holds (it is final) and find the
 * transaction from its `ProposalSettled` event. When the chain's values differ from the votes
 * (the database changed after it was settled), `error` says so.
 */
async function recordFromChain(
  sql: SqlQueryable,
  { proposalId, computed, onChain, chainId, settlement, publicClient }:
  { proposalId: string; computed: ComputedSettlement; onChain: OnChainResult; chainId: number; settlement: Address; publicClient: ProposalSettlementClients['publicClient'] },
): Promise<ResultRow & { error: string | null }> {
  let txHash: Hex | null = null
  let blockNumber: bigint | null = null
  try {
    const logs = await publicClient.getContractEvents({ address: settlement, abi: arborSettlementAbi, eventName: 'ProposalSettled', args: { proposalId: computed.onChainProposalId }, fromBlock: 0n })
    const log = logs[0]
    if (log) ({ transactionHash: txHash, blockNumber } = log)
  } catch {
    // a node that limits log ranges: the result stands without its transaction
  }
  const differs = onChain.votesRoot.toLowerCase() !== computed.votesRoot || onChain.tallyHash.toLowerCase() !== computed.tallyHash || Number(onChain.voteCount) !== computed.voteCount
  const error = differs ? `settled on chain with votes root ${onChain.votesRoot}; the counted votes now build ${computed.votesRoot}` : null
  const fromChain: ComputedSettlement = {
    ...computed,
    votesRoot: onChain.votesRoot.toLowerCase() as Hex,
    tallyHash: onChain.tallyHash.toLowerCase() as Hex,
    voteCount: Number(onChain.voteCount),
    outcome: onChain.outcome as Outcome,
    actionsHash: onChain.actionsHash.toLowerCase() as Hex,
  }
  await upsertResult(sql, proposalId, fromChain, {
    status: 'confirmed',
    chainId,
    settlement,
    settler: null,
    nonce: null,
    raw: null,
    txHash,
    blockNumber,
    settledAt: new Date(Number(onChain.settledAt) * 1000),
    error,
  })
  return {
    proposal_id: proposalId,
    votes_root: fromChain.votesRoot,
    tally_hash: fromChain.tallyHash,
    vote_count: fromChain.voteCount,
    outcome: OUTCOME_NAMES[fromChain.outcome],
    actions_hash: fromChain.actionsHash,
    status: 'confirmed',
    raw_transaction: null,
    tx_hash: txHash,
    block_number: blockNumber?.toString() ?? null,
    settlement_address: settlement.toLowerCase(),
    error,
  }
}

/**
 * Brings a stored (`submitted`) result to its end state from its stored bytes, as
 * `settleRelayBatch` does for relay batches: receipt by hash first; else the same raw bytes are
 * broadcast (never re-signed); "nonce too low" without our receipt means another transaction took
 * the nonce: `failed` (the next run signs again, after checking the chain).
 */
async function finishSettlement(
  sql: SqlClient,
  { publicClient }: ProposalSettlementClients,
  { proposalId, settlement, attempts = 5, retryDelayMs = 200, receiptTimeoutMs = 120_000 }: SettleProposalsParameters & { proposalId: string },
): Promise<SettledProposalSummary> {
  const { rows: [row] } = await sql.query<ResultRow>(`SELECT ${RESULT_COLUMNS} FROM proposal_results WHERE proposal_id = $1::uuid`, [proposalId])
  if (!row) throw new NotFoundError(`proposal ${proposalId} has no stored settlement`, { proposalId })
  if (row.status === 'confirmed') return summaryOf(row, 'confirmed')
  if (!row.raw_transaction || !row.tx_hash) throw new NotFoundError(`proposal ${proposalId} has no signed settlement transaction`, { proposalId })
  const hash = row.tx_hash
  const address = (row.settlement_address ?? settlement) as Address
  const fail = async (error: string): Promise<SettledProposalSummary> => {
    await sql.query(`UPDATE proposal_results SET status = 'failed', error = $2 WHERE proposal_id = $1::uuid AND tx_hash = $3`, [proposalId, error, hash])
    return summaryOf(row, 'failed', { error })
  }
  const stillSubmitted = async (error: string): Promise<SettledProposalSummary> => {
    await sql.query(`UPDATE proposal_results SET error = $2 WHERE proposal_id = $1::uuid AND tx_hash = $3`, [proposalId, error, hash])
    return summaryOf(row, 'submitted', { error })
  }

  let receipt = await findReceipt(publicClient, hash).catch(() => undefined)
  if (!receipt) {
    let lastError: string | undefined
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        if (await isKnown(publicClient, hash)) {
          lastError = undefined
          break
        }
        await publicClient.request({ method: 'eth_sendRawTransaction', params: [row.raw_transaction] }, { retryCount: 0 })
        lastError = undefined
        break
      } catch (error) {
        const message = messageOf(error)
        if (/already known|known transaction|already imported/i.test(message)) {
          lastError = undefined
          break
        }
        if (/nonce too low|nonce.*(lower|too small)/i.test(message)) {
          receipt = await findReceipt(publicClient, hash)
          if (receipt) break
          return fail('dropped: its nonce was used by another transaction; the next run signs it again')
        }
        lastError = message
        await sleep(retryDelayMs * 2 ** attempt)
      }
    }
    if (lastError !== undefined) return stillSubmitted(lastError)
    if (!receipt) {
      try {
        receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: receiptTimeoutMs })
      } catch (error) {
        return stillSubmitted(messageOf(error))
      }
    }
  }

  if (receipt.status !== 'success') return fail(`the transaction ${hash} reverted`)
  const settled = parseEventLogs({ abi: arborSettlementAbi, eventName: 'ProposalSettled', logs: receipt.logs }).filter(
    (log) => log.address.toLowerCase() === address.toLowerCase() && log.args.proposalId.toLowerCase() === onChainProposalId(proposalId),
  )
  if (settled.length !== 1) return fail(`the transaction ${hash} emitted no ProposalSettled for this proposal`)
  const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber }).catch(() => undefined)
  await sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE proposal_results SET status = 'confirmed', block_number = $2, settled_at = $3, confirmed_at = now(), error = NULL WHERE proposal_id = $1::uuid`,
      [proposalId, receipt.blockNumber.toString(), block ? new Date(Number(block.timestamp) * 1000) : null],
    )
    await tx.query(`UPDATE proposals SET state = 'settled' WHERE id = $1::uuid`, [proposalId])
  })
  return summaryOf(row, 'confirmed', { blockNumber: receipt.blockNumber.toString() })
}
