import type { z } from 'zod'
import type { SqlQueryable } from '../db/types'
import type { TypedDataItem, VerifyResult } from './verifier-core.mjs'

export type TypedDataField = { readonly name: string; readonly type: string }

/** Recovers signers on the verifier pool; one result per item, in order. */
export type RecoverSigners = (items: readonly TypedDataItem[]) => Promise<VerifyResult[]>

export type VerifyContext = {
  recover: RecoverSigners
  /** Unix seconds, the engine's clock. */
  now: number
}

/**
 * A message that passed every check: ready for the batch writer. `key` is what it writes within
 * its shard; `rank` orders competing messages of one key for latest-wins types.
 */
export type VerifiedMessage<row = unknown> = {
  kind: string
  /** The EIP-712 digest: the message id. */
  id: string
  /** The proposal or campaign. */
  shardKey: string
  key: string
  signer: string
  signature: string
  /** The signed values as posted, kept in the intake log. */
  payload: Record<string, unknown>
  /** latest-wins: larger rank wins, equal ranks go to the smaller id. */
  rank: bigint
  row: row
}

/** One set-based SQL statement (unnest over column arrays): never a row loop. */
export type SqlStatement = { text: string; values: unknown[] }

/**
 * A message type plugged into the intake engine. The engine knows nothing type-specific: it
 * parses with `schema`, calls `verify` (read-only), batches by `shardKey`, resolves conflicts on
 * `key` by `conflict`, and writes `apply`'s rows in the batch's transaction.
 */
export type MessageType<input = unknown, row = unknown> = {
  kind: string
  primaryType: string
  types: Record<string, readonly TypedDataField[]>
  schema: z.ZodType<input>
  /**
   * Optional fast path for well-formed input (the hot array path): `schema`'s output for input it
   * surely accepts (no U+0000 in any text), or undefined to parse with `schema`, which then names
   * the error. Must never accept what `schema` refuses.
   */
  parseFast?(input: unknown): input | undefined
  /** first-wins: a later different message for a held key is rejected (409, naming the winner). */
  conflict: 'first-wins' | 'latest-wins'
  /** Signature, domain, deadline and eligibility; throws a typed error. Never writes. */
  verify(input: input, context: VerifyContext): Promise<VerifiedMessage<row>>
  /**
   * Optional: a request's messages verified together, one outcome each, in order: what `verify`
   * would resolve to or the error it would throw (one call to the verifier pool and the
   * eligibility lookups for the lot, a few promises a request instead of several a message).
   */
  verifyMany?(inputs: readonly input[], context: VerifyContext): Promise<Array<VerifiedMessage<row> | Error>>
  /**
   * Locks the shards (FOR KEY SHARE: they cannot be deleted until the batch commits) and returns
   * the ones that exist as rows `{ shard_key }`: one check per batch instead of a foreign key per row.
   */
  lockShards(shardKeys: readonly string[]): SqlStatement
  /**
   * first-wins types: who holds these keys now, as rows `{ key, id }` (`id` null for a holder
   * that came without a message, like a direct on-chain claim): the winner a 409 names.
   */
  loadHolders?(pairs: readonly { shardKey: string; key: string }[]): SqlStatement
  /**
   * Writes the rows of one candidate message per key (any number of shards) as one statement whose
   * conflict clause decides against the key's current holder (first-wins: keep the holder;
   * latest-wins: replace it when outranked). Returns rows `{ id }`: the messages that took their key.
   */
  apply?(winners: readonly { message: VerifiedMessage<row>; batchId: number }[]): SqlStatement
  /**
   * Log types (latest-wins, order-independent: votes): the rows of every logged message, appended
   * to the type's log in the batch's transaction as one statement, instead of `apply` and the
   * intake_messages id index. No key is decided at acknowledgement: what counts, and the id
   * lookup, are derived from the log off the acknowledging path (materialize-votes.ts). The rows
   * must hold each signed message (signature and payload, exactly: receipts and exports read it
   * back from them); the batch row's `messages` stays `[]`.
   */
  append?(rows: readonly LogRow<row>[], ids: Buffer): SqlStatement
}

/**
 * A logged message as `append` gets it: its batch and the heap index of its leaf. `append`'s
 * `ids` holds the rows' ids parsed, 32 bytes a row in row order (the writer parsed them once).
 */
export type LogRow<row = unknown> = { message: VerifiedMessage<row>; batchId: number; node: number }

export type AnyMessageType = MessageType<any, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export type MessageStatus = 'accepted' | 'superseded'

export type BatchReceipt = {
  batch: { id: number; shard: number; seq: number; root: string; count: number }
  /** Sibling path from the message's leaf (`bytes32` id, OpenZeppelin standard leaf) to the batch root. */
  proof: string[]
}

/** What a caller receives once the message's batch committed. */
export type SubmitResult = {
  id: string
  /**
   * Transactional types (claims): `accepted` (it holds its key). Log types (votes): what its batch
   * decided (`superseded` by a better vote of the same key in the same batch, else `accepted`);
   * whether it counts across batches is derived later (GET /api/receipts/:id).
   */
  status: MessageStatus
  /** When superseded: the id of the message that holds the key now (the voter's vote that counts). */
  supersededBy?: string
  batchSeq: number
  receipt: BatchReceipt
}

export type { SqlQueryable }
