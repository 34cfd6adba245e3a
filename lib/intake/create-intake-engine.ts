import { BaseError, InvariantError } from '../errors'
import type { SqlClient } from '../db/types'
import { IntakeClosedError, InvalidMessageError, OverloadedError } from './errors'
import { deriveStatuses, findFirstInclusions, findVoteReceipts } from './get-receipt'
import type { AnyMessageType, SubmitResult, VerifiedMessage, VerifyContext } from './types'
import type { VerifierPool } from './verifier-pool'
import { shardNumberOf } from './batch-tree'
import { createVoteMaterializer, type VoteMaterializer } from './materialize-votes'
import { isLogType, writeBatches } from './write-batch'

/**
 * Postgres refused a value itself (22 data exception: bad encoding, out of range; 23 integrity;
 * 54 program limit): a fault of some message in the batch, not of the database.
 */
function isDataRefusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^(22|23|54)/.test(code) && code !== '23505'
}

/** The path (`message.reason`) of the first string holding U+0000 in a parsed message, if any. */
export function findNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNul(item, `${path}[${i}]`)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findNul(item, path ? `${path}.${key}` : key)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** The 422 for the one message the database refused: the field its data points to, or `message`. */
function refusalOf(message: VerifiedMessage, error: unknown): InvalidMessageError {
  const payload = { message: message.payload }
  const reason = (error as Error).message
  let field = findNul(payload) ?? findNul(message.row)
  if (field !== undefined && !field.startsWith('message.')) field = `message.${field}`
  if (field === undefined && /out of range/i.test(reason)) {
    const big = Object.entries(message.payload).find(([, value]) => typeof value === 'string' && /^[0-9]+$/.test(value) && BigInt(value) > 2n ** 63n - 1n)
    if (big) field = `message.${big[0]}`
  }
  return new InvalidMessageError(`${field ?? 'message'}: the database cannot store this value (${reason})`, { field: field ?? 'message' })
}

/** Two groups of about half the messages each, in order; a shard's messages may fall on both sides. */
function halve<W, S>(group: ReadonlyArray<{ shard: S; taken: W[] }>, count: number): [Array<{ shard: S; taken: W[] }>, Array<{ shard: S; taken: W[] }>] {
  const first: Array<{ shard: S; taken: W[] }> = []
  const second: Array<{ shard: S; taken: W[] }> = []
  let left = Math.floor(count / 2)
  for (const { shard, taken } of group) {
    const k = Math.min(left, taken.length)
    left -= k
    if (k > 0) first.push({ shard, taken: taken.slice(0, k) })
    if (k < taken.length) second.push({ shard, taken: taken.slice(k) })
  }
  return [first, second]
}

export type CreateIntakeEngineParameters = {
  sql: SqlClient
  types: readonly AnyMessageType[]
  pool: VerifierPool
  /** Flush a shard's batch at this many messages (also the most one transaction takes)... Default 1 000. */
  maxBatchSize?: number
  /** ...or this many milliseconds after its first message, whichever comes first. Default 10. */
  flushMs?: number
  /** Messages in the engine (verifying or waiting for a batch) before submit answers 429. Default 20 000. */
  maxPending?: number
  /** Batch transactions in flight at once (database connections used). Default 2. */
  writers?: number
  /** Unix seconds. */
  now?: () => number
  /** A batch transaction (each statement, and the whole) gives up after this many ms and releases its shards. Default 15 000. */
  transactionTimeoutMs?: number
  /**
   * Derives `votes` from the vote log after each vote batch commits, off the acknowledging path.
   * Default: a materializer of this engine's own (createVoteMaterializer); `false`: none (another
   * process derives, or a caller calls materializeVotes).
   */
  materializer?: VoteMaterializer | false
  /**
   * What a vote's acknowledgement says, once its batch committed (the server's default is `batch`:
   * INTAKE_VOTE_ACK in lib/env.ts):
   * - `batch`: at once, this inclusion's receipt and what its own batch decided (also
   *   what `derived` falls back to with `materializer: false`). Readers (results, receipts, the
   *   voter's own vote) derive on read, so they count it as soon as it is acknowledged;
   * - `derived` (this function's default): after the next derivation pass covering it (coalesced, on its own connection,
   *   never inside the append transaction): the receipt of the id's first inclusion (a duplicate
   *   gets the same receipt again) and its counted/superseded status across batches and servers,
   *   as GET /api/receipts/:id says.
   * Either way the receipt proves inclusion in the log.
   */
  voteAck?: 'derived' | 'batch'
  /**
   * With `voteAck: 'batch'`, committed vote batches kick the materializer at most once per this
   * many ms (their proposals gathered), so one derivation pass covers many commits instead of
   * running after each; nothing waits on it (readers derive on read). Default 200; 0: at each commit.
   */
  derivationDelayMs?: number
}

/** One outcome per submitted message: its receipt, or the typed error that rejected it. */
export type SubmitOutcome = SubmitResult | BaseError

export type IntakeEngine = {
  /** Verifies and writes `inputs` of one message type; resolves only after their batches committed. */
  submit(kind: string, inputs: readonly unknown[], options?: { array?: boolean }): Promise<SubmitOutcome[]>
  stats(): { pending: number; queuedForVerification: number; batches: number; messages: number; derivation?: ReturnType<VoteMaterializer['stats']> }
  /** Stops taking messages, writes what was accepted, stops the workers. */
  close(): Promise<void>
}

type Waiting = { message: VerifiedMessage; resolve: (outcome: SubmitOutcome) => void }
type Shard = {
  kind: string
  shardKey: string
  number: number
  waiting: Waiting[]
  timer: NodeJS.Timeout | undefined
  writing: boolean
  ready: boolean
}

/**
 * The intake engine: schema → read-only verification (signatures on the worker pool) → one batcher
 * per shard → one transaction for the batches of every shard that is ready (group commit: many
 * proposals' single votes share one fsync) → acknowledgement. Bounded: past `maxPending` messages in
 * flight, `submit` throws OverloadedError (429 with Retry-After) instead of queueing more.
 */
export function createIntakeEngine({
  sql,
  types,
  pool,
  maxBatchSize = 1_000,
  flushMs = 10,
  maxPending = 20_000,
  writers = 2,
  now = () => Math.floor(Date.now() / 1000),
  transactionTimeoutMs = 15_000,
  materializer: given,
  voteAck = 'derived',
  derivationDelayMs = 200,
}: CreateIntakeEngineParameters): IntakeEngine {
  const typeByKind = new Map(types.map((type) => [type.kind, type]))
  const materializer = given === false ? undefined : (given ?? (types.some(isLogType) ? createVoteMaterializer({ sql }) : undefined))
  const ownMaterializer = given === undefined
  const shards = new Map<string, Shard>()
  const readyShards: Shard[] = []
  let activeWriters = 0
  let pending = 0
  let closed = false
  let batches = 0
  let written = 0
  const idle = new Set<() => void>()
  /** Proposals of vote batches committed since the last kick (voteAck 'batch'), and the kick's timer. */
  const toDerive = new Set<string>()
  let deriveTimer: NodeJS.Timeout | undefined

  function kickDerivation(proposals: readonly string[]) {
    if (!materializer) return
    if (derivationDelayMs <= 0) return materializer.kick(proposals)
    for (const id of proposals) toDerive.add(id)
    deriveTimer ??= setTimeout(flushDerivation, derivationDelayMs)
    deriveTimer.unref()
  }

  function flushDerivation() {
    if (deriveTimer) clearTimeout(deriveTimer)
    deriveTimer = undefined
    if (toDerive.size === 0) return
    const proposals = [...toDerive]
    toDerive.clear()
    materializer?.kick(proposals)
  }

  function shardOf(kind: string, shardKey: string): Shard {
    const name = `${kind}:${shardKey}`
    let shard = shards.get(name)
    if (!shard) {
      shard = { kind, shardKey, number: shardNumberOf(shardKey), waiting: [], timer: undefined, writing: false, ready: false }
      shards.set(name, shard)
    }
    return shard
  }

  function markReady(shard: Shard) {
    if (shard.timer) clearTimeout(shard.timer)
    shard.timer = undefined
    if (shard.ready || shard.writing) return
    shard.ready = true
    readyShards.push(shard)
    pump()
  }

  /** Starts transactions while writers are free: each takes ready shards up to maxBatchSize messages. */
  function pump() {
    while (activeWriters < writers && readyShards.length > 0) {
      const group: Array<{ shard: Shard; taken: Waiting[] }> = []
      const numbers = new Set<number>()
      let total = 0
      const take = (shard: Shard) => {
        if (shard.timer) clearTimeout(shard.timer)
        shard.timer = undefined
        const taken = shard.waiting.splice(0, maxBatchSize)
        shard.writing = true
        numbers.add(shard.number)
        group.push({ shard, taken })
        total += taken.length
      }
      for (let i = 0; i < readyShards.length && total < maxBatchSize; ) {
        const shard = readyShards[i]!
        // two shard keys with one shard number wait for separate transactions (its batch sequence)
        if (numbers.has(shard.number)) {
          i++
          continue
        }
        readyShards.splice(i, 1)
        shard.ready = false
        if (shard.waiting.length > 0) take(shard)
      }
      if (group.length === 0) continue
      // the commit is paid once: shards still inside their flush window ride along
      for (const shard of shards.values()) {
        if (total >= maxBatchSize) break
        if (!shard.ready && !shard.writing && shard.waiting.length > 0 && !numbers.has(shard.number)) take(shard)
      }
      activeWriters++
      void flush(group).finally(() => {
        activeWriters--
        for (const { shard } of group) {
          shard.writing = false
          if (shard.waiting.length >= maxBatchSize || (shard.waiting.length > 0 && !shard.timer)) markReady(shard)
          else if (shard.waiting.length === 0) shards.delete(`${shard.kind}:${shard.shardKey}`)
        }
        pump()
        if (activeWriters === 0 && readyShards.length === 0) for (const notify of idle) notify()
      })
    }
  }

  /**
   * Writes a group in one transaction. When the database refuses the data of one message (a class
   * 22/23/54 error: a value it cannot store), the group is split in halves, each written on its
   * own, down to the message at fault, which alone gets a 422; the others commit. Any other failure
   * (connection, timeout) fails the whole group with a 500: nothing was recorded, retry.
   */
  async function flush(group: Array<{ shard: Shard; taken: Waiting[] }>): Promise<void> {
    const count = group.reduce((sum, { taken }) => sum + taken.length, 0)
    if (count === 0) return
    try {
      const outcomes = await writeBatches(
        sql,
        group.map(({ shard, taken }) => ({ type: typeByKind.get(shard.kind)!, shardKey: shard.shardKey, messages: taken.map((w) => w.message) })),
        { timeoutMs: transactionTimeoutMs },
      )
      batches += group.length
      // acknowledged below at once; the derivation follows on its own connection
      const logged = group.filter(({ shard }) => isLogType(typeByKind.get(shard.kind)!)).map(({ shard }) => shard.shardKey)
      const derived: Array<{ waiting: Waiting; outcome: SubmitResult }> = []
      group.forEach(({ shard, taken }, g) => {
        written += taken.length
        const later = voteAck === 'derived' && materializer !== undefined && isLogType(typeByKind.get(shard.kind)!)
        taken.forEach((waiting, i) => {
          const outcome = outcomes[g]![i]!
          if (later && !(outcome instanceof BaseError)) derived.push({ waiting, outcome })
          else waiting.resolve(outcome)
        })
      })
      if (derived.length > 0) void acknowledgeDerived(derived, logged)
      else if (logged.length > 0) kickDerivation(logged)
    } catch (error) {
      if (isDataRefusal(error)) {
        if (count === 1) {
          const waiting = group.find(({ taken }) => taken.length === 1)!.taken[0]!
          console.warn(`intake: the database refused message ${waiting.message.id} alone: ${(error as Error).message}`)
          waiting.resolve(refusalOf(waiting.message, error))
          return
        }
        const [first, second] = halve(group, count)
        await flush(first)
        await flush(second)
        return
      }
      console.error(`intake: a transaction of ${count} messages in ${group.length} batches failed`, error)
      const failure = new InvariantError('the batch could not be written; nothing was recorded, retry', error)
      for (const { taken } of group) for (const waiting of taken) waiting.resolve(failure)
    }
  }

  /**
   * voteAck 'derived': the committed votes' answers once the derivation covers them: the receipt
   * of each id's first inclusion and its status now. If the derivation fails, each vote gets its
   * own batch's receipt (committed, provable); the derivation catches up at its next pass.
   */
  async function acknowledgeDerived(items: Array<{ waiting: Waiting; outcome: SubmitResult }>, proposals: string[]) {
    try {
      await materializer!.derive(proposals)
      const messages = items.map(({ waiting: { message } }) => message)
      const [inclusions, statuses] = await Promise.all([
        findFirstInclusions(sql, messages),
        deriveStatuses(
          sql,
          messages.map((message) => ({ id: message.id, kind: message.kind, shardKey: message.shardKey, key: message.key })),
        ),
      ])
      // a repeated post answers with its first inclusion's receipt: only those proofs are read back
      const earlier = items.filter(({ outcome }) => {
        const first = inclusions.get(outcome.id)
        return first !== undefined && first.batchId !== outcome.receipt.batch.id
      })
      const receipts = earlier.length > 0 ? await findVoteReceipts(sql, earlier.map(({ waiting: { message } }) => message)) : new Map<string, SubmitResult>()
      for (const { waiting, outcome } of items) {
        const first = inclusions.get(outcome.id)
        const receipt = { ...(receipts.get(outcome.id) ?? (first ? { ...outcome, status: first.status } : outcome)) }
        delete receipt.supersededBy
        waiting.resolve({ ...receipt, ...statuses.get(outcome.id) })
      }
    } catch (error) {
      console.error('intake: deriving the status of committed votes failed; answering with their batches\' receipts', error)
      for (const { waiting, outcome } of items) waiting.resolve(outcome)
    }
  }

  function enqueue(message: VerifiedMessage, resolve: (outcome: SubmitOutcome) => void): void {
    const shard = shardOf(message.kind, message.shardKey)
    shard.waiting.push({ message, resolve })
    if (shard.waiting.length >= maxBatchSize) markReady(shard)
    else if (!shard.timer && !shard.ready && !shard.writing) shard.timer = setTimeout(() => markReady(shard), flushMs)
  }

  /** Schema first, for the whole request: one malformed message rejects it before anything is written. */
  function parseAll(type: AnyMessageType, inputs: readonly unknown[], array: boolean): unknown[] {
    return inputs.map((input, index) => {
      // the common well-formed message, checked without zod; anything else goes to the schema
      const fast = type.parseFast?.(input)
      if (fast !== undefined) return fast
      const parsed = type.schema.safeParse(input)
      if (parsed.success) {
        // text Postgres cannot store: refused here, before it can reach a shared batch
        const nul = findNul(parsed.data)
        if (nul !== undefined) {
          const field = array ? `[${index}]${nul.startsWith('[') ? '' : '.'}${nul}` : nul || 'body'
          throw new InvalidMessageError(`${field}: contains a NUL character (U+0000), which cannot be stored`, { field })
        }
        return parsed.data
      }
      const issue = parsed.error.issues[0]!
      const path = [...(array ? [index] : []), ...issue.path]
      const field = path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('').replace(/^\./, '') || 'body'
      throw new InvalidMessageError(`${field}: ${issue.message}`, { field })
    })
  }

  /**
   * Verifies every message at once (signatures on the worker pool), then queues them in request
   * order, so within one request "first" means first in the array, whatever order the workers
   * finish in; a first-wins conflict then resolves the same in one batch or across two.
   */
  async function processInOrder(type: AnyMessageType, inputs: readonly unknown[]): Promise<SubmitOutcome[]> {
    const context = { recover: pool.recover, now: now() }
    const verified = type.verifyMany ? await verifyAll(type, inputs, context) : await Promise.all(inputs.map((input) => verifyOne(type, input, context)))
    // one promise for the request, not one a message: each pays the server's async hooks
    return new Promise((resolve) => {
      const outcomes = new Array<SubmitOutcome>(verified.length)
      let left = verified.length
      const settle = (i: number, outcome: SubmitOutcome) => {
        outcomes[i] = outcome
        if (--left === 0) resolve(outcomes)
      }
      verified.forEach((message, i) => (message instanceof BaseError ? settle(i, message) : enqueue(message, (outcome) => settle(i, outcome))))
    })
  }

  async function verifyAll(type: AnyMessageType, inputs: readonly unknown[], context: VerifyContext): Promise<Array<VerifiedMessage | BaseError>> {
    let results: Array<VerifiedMessage | Error>
    try {
      results = await type.verifyMany!(inputs, context)
    } catch (error) {
      const outcome = verificationFailure(error)
      return inputs.map(() => outcome)
    }
    return results.map((result) => (result instanceof Error ? verificationFailure(result) : result))
  }

  function verificationFailure(error: unknown): BaseError {
    if (error instanceof BaseError) return error
    console.error('intake: unexpected verification failure', error)
    return new InvariantError('verification failed unexpectedly', error)
  }

  function verifyOne(type: AnyMessageType, input: unknown, context: VerifyContext): Promise<VerifiedMessage | BaseError> {
    let verifying: Promise<VerifiedMessage>
    try {
      verifying = type.verify(input, context)
    } catch (error) {
      verifying = Promise.reject(error)
    }
    return verifying.then(undefined, verificationFailure)
  }

  return {
    async submit(kind, inputs, { array = inputs.length > 1 } = {}) {
      if (closed) throw new IntakeClosedError()
      const type = typeByKind.get(kind)
      if (!type) throw new InvariantError(`no message type ${kind}`)
      if (pending + inputs.length > maxPending) {
        throw new OverloadedError(`the intake is full (${pending} messages in flight); retry shortly`, { retryAfter: 1 })
      }
      const parsed = parseAll(type, inputs, array)
      pending += inputs.length
      try {
        return await processInOrder(type, parsed)
      } finally {
        pending -= inputs.length
      }
    },
    stats: () => ({ pending, queuedForVerification: pool.queued(), batches, messages: written, ...(materializer ? { derivation: materializer.stats() } : {}) }),
    async close() {
      closed = true
      for (const shard of shards.values()) if (shard.waiting.length > 0) markReady(shard)
      while (activeWriters > 0 || readyShards.length > 0 || pending > 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            idle.delete(done)
            resolve()
          }
          idle.add(done)
          setTimeout(done, 20)
        })
        for (const shard of shards.values()) if (shard.waiting.length > 0 && !shard.writing) markReady(shard)
      }
      await pool.close()
      flushDerivation()
      if (ownMaterializer) await materializer?.close()
    },
  }
}
