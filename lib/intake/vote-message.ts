import { VOTE_DOMAIN, voteTypes } from '../chain/vote-typed-data'
import { checksumAddress } from '../merkle/keccak'
import { ballotFromVote } from '../governance/ballot-from-vote'
import type { VotingType } from '../governance/tally/types'
import { InvariantError } from '../errors'
import { InvalidMessageError, InvalidSignatureError, NotEligibleError, UnknownTargetError, WindowClosedError, WindowNotOpenError } from './errors'
import { parseVoteInputFast, voteInputSchema, type VoteInput } from './schema'
import { hexAt, hexBytes, idBytes, integerArray, shardColumns } from './sql-columns'
import type { MessageType, VerifiedMessage, VerifyContext } from './types'
import type { TypedDataItem, VerifyResult } from './verifier-core.mjs'

/** EIP-712 domain of a vote (bound to the chain and the space's voting token) and its one struct. */
export { VOTE_DOMAIN, voteTypes }

/** Seconds a vote's timestamp may run ahead of the server's clock. */
export const VOTE_CLOCK_SKEW = 300

export type VoteProposal = {
  id: string
  chainId: number
  /** The ERC20Votes token whose checkpoints give voting power: the domain's verifying contract. */
  token: string
  snapshotBlock: bigint
  /** Unix seconds. */
  startAt: number
  endAt: number
  state: 'pending' | 'active' | 'closed' | 'settled' | 'canceled'
  choiceCount: number
  votingType: VotingType
  /** Approval: the most choices a ballot may pick; null: any number. */
  maxPicks: number | null
  /** Where voting power comes from: the token's checkpoints, or an airdrop campaign's allocations. */
  powerSource: { kind: 'token' } | { kind: 'campaign'; campaignId: string }
}

/** What a vote needs to know about the world; the governance issue supplies the real sources. */
export type VoteEligibility = {
  getProposal(proposalId: string): Promise<VoteProposal | undefined>
  /**
   * The voting power (token base units) of each of `voters` on `proposal`, in order: a request's
   * votes at once, one promise rather than one a voter. The only power lookup, so a wrapper that
   * overrides it cannot be bypassed.
   */
  getVotingPowers(proposal: VoteProposal, voters: readonly string[]): Promise<bigint[]>
  /** Why `voter` has no power (no tokens at block N, not delegated, no allocation): the refusal's message. */
  explainNoVotingPower?(proposal: VoteProposal, voter: string): Promise<{ message: string; reason: string }>
  /** ERC-1271: whether `address` (a contract wallet) accepts `signature` over `digest`. */
  isValidContractSignature?(params: { address: string; digest: string; signature: string }): Promise<boolean>
}

export type VoteRow = {
  proposalId: string
  voter: string
  /** The ballot as JSON text: a number, a list, or { "<choice>": weight } (see ballotFromVote). */
  choice: string
  reason: string
  votingPower: string
  timestamp: string
}

/**
 * The Vote message type, a log type: every verified vote is appended to `vote_log`; the vote that
 * counts per (proposal, voter) (later timestamp, ties to the smaller id) is derived from the log
 * (materialize-votes.ts), so nothing about a key is decided when a vote is acknowledged.
 */
export function createVoteMessageType(eligibility: VoteEligibility): MessageType<VoteInput, VoteRow> {
  // one domain object per proposal object (the eligibility caches those): a chunk posted to a
  // verifier worker carries each domain once (packItems)
  const domains = new WeakMap<VoteProposal, { name: string; version: string; chainId: number; verifyingContract: string }>()
  const domainOf = (proposal: VoteProposal) => {
    let domain = domains.get(proposal)
    if (!domain) domains.set(proposal, (domain = { ...VOTE_DOMAIN, chainId: proposal.chainId, verifyingContract: proposal.token }))
    return domain
  }
  /** The checks that need neither the signer nor the power, in `verify`'s order; throws the first failure. */
  const checkVote = (input: VoteInput, proposal: VoteProposal | undefined, now: number): CheckedVote => {
    const { message } = input
    if (!proposal) throw new UnknownTargetError(`proposal ${message.proposal} does not exist`, { field: 'message.proposal' })
    const domain = domainOf(proposal)
    if (input.domain) {
      if (input.domain.chainId !== proposal.chainId) {
        throw new InvalidMessageError(`domain.chainId ${input.domain.chainId} is not the proposal's chain ${proposal.chainId}`, { field: 'domain.chainId' })
      }
      if (input.domain.verifyingContract.toLowerCase() !== proposal.token.toLowerCase()) {
        throw new InvalidMessageError(`domain.verifyingContract is not the proposal's voting token ${proposal.token}`, { field: 'domain.verifyingContract' })
      }
    }
    const ballot = ballotFromVote({ type: proposal.votingType, choices: proposal.choiceCount, maxPicks: proposal.maxPicks, vote: message })
    if (proposal.state === 'canceled' || proposal.state === 'closed' || proposal.state === 'settled' || now > proposal.endAt) {
      throw new WindowClosedError(`voting on proposal ${proposal.id} closed`, { field: 'message.proposal', endAt: proposal.endAt })
    }
    if (now < proposal.startAt) {
      throw new WindowNotOpenError(`voting on proposal ${proposal.id} opens at ${proposal.startAt}`, { field: 'message.proposal', startAt: proposal.startAt })
    }
    const timestamp = Number(message.timestamp)
    if (timestamp > now + VOTE_CLOCK_SKEW) {
      throw new InvalidMessageError('message.timestamp is in the future', { field: 'message.timestamp' })
    }
    // As Snapshot checks: a vote signed before the window (timestamp 0, 1970) or after it is void.
    if (timestamp < proposal.startAt || timestamp > proposal.endAt) {
      throw new InvalidMessageError(`message.timestamp must fall inside the proposal's voting window [${proposal.startAt}, ${proposal.endAt}] (unix seconds)`, {
        field: 'message.timestamp',
        startAt: proposal.startAt,
        endAt: proposal.endAt,
      })
    }
    const voter = message.voter.toLowerCase()
    return { proposal, ballot, voter, item: { domain, types: voteTypes, primaryType: 'Vote', message, signature: input.signature } }
  }
  /** Throws when the signature recovers to no signer; a promise (ERC-1271) when it is not the voter's. */
  const checkSigner = (input: VoteInput, voter: string, result: VerifyResult | undefined): Promise<void> | undefined => {
    if (!result || result.error !== undefined) throw new InvalidSignatureError(result?.error ?? 'not verified')
    if (result.signer === voter) return undefined
    return (async () => {
      const accepted = await eligibility.isValidContractSignature?.({ address: voter, digest: result.digest, signature: input.signature })
      if (!accepted) throw new InvalidSignatureError('the signature is not the voter\'s', { voter })
    })()
  }
  const noPower = async (proposal: VoteProposal, voter: string): Promise<NotEligibleError> => {
    const why = await eligibility.explainNoVotingPower?.(proposal, voter)
    return new NotEligibleError(why?.message ?? `${voter} had no voting power at block ${proposal.snapshotBlock}`, {
      field: 'message.voter',
      reason: why?.reason ?? 'no-power',
      snapshotBlock: proposal.snapshotBlock.toString(),
    })
  }
  const verifiedOf = (input: VoteInput, { proposal, ballot, voter }: CheckedVote, digest: string, votingPower: bigint): VerifiedMessage<VoteRow> => {
    const { message } = input
    return {
      kind: 'vote',
      id: digest,
      shardKey: proposal.id,
      key: voter,
      signer: voter,
      signature: input.signature.toLowerCase(),
      // the parsed input's own object (parseAll makes a new one per message): not copied again
      payload: message,
      rank: BigInt(message.timestamp),
      row: { proposalId: proposal.id, voter, choice: JSON.stringify(ballot), reason: message.reason, votingPower: votingPower.toString(), timestamp: message.timestamp },
    }
  }
  return {
    kind: 'vote',
    primaryType: 'Vote',
    types: voteTypes,
    schema: voteInputSchema,
    parseFast: parseVoteInputFast,
    conflict: 'latest-wins',
    async verify(input: VoteInput, { recover, now }: VerifyContext) {
      const proposal = await eligibility.getProposal(input.message.proposal)
      const checked = checkVote(input, proposal, now)
      const [result] = await recover([checked.item])
      await checkSigner(input, checked.voter, result)
      const [votingPower = 0n] = await eligibility.getVotingPowers(checked.proposal, [checked.voter])
      if (votingPower <= 0n) throw await noPower(checked.proposal, checked.voter)
      return verifiedOf(input, checked, result!.digest!, votingPower)
    },
    /**
     * A request's votes at once, each with the outcome `verify` would give it: one proposal lookup
     * per distinct proposal, one call to the verifier pool, one power lookup per proposal, so a
     * vote costs a few promises a request instead of about nine (each pays Next's async hooks).
     */
    async verifyMany(inputs: readonly VoteInput[], { recover, now }: VerifyContext) {
      const outcomes: Array<VerifiedMessage<VoteRow> | Error> = new Array(inputs.length)
      const lookups = new Map<string, Promise<VoteProposal | undefined>>()
      for (const { message } of inputs) if (!lookups.has(message.proposal)) lookups.set(message.proposal, eligibility.getProposal(message.proposal))
      const proposals = new Map<string, VoteProposal | undefined | Error>()
      await Promise.all(
        [...lookups].map(([id, lookup]) => lookup.then((proposal) => void proposals.set(id, proposal), (error: unknown) => void proposals.set(id, asError(error)))),
      )
      // the checks that need no signer, then every signature in one call
      const checked: Array<CheckedVote | undefined> = new Array(inputs.length)
      const items: TypedDataItem[] = []
      const at: number[] = []
      for (let i = 0; i < inputs.length; i++) {
        const proposal = proposals.get(inputs[i]!.message.proposal)
        if (proposal instanceof Error) {
          outcomes[i] = proposal
          continue
        }
        try {
          const vote = checkVote(inputs[i]!, proposal, now)
          checked[i] = vote
          items.push(vote.item)
          at.push(i)
        } catch (error) {
          outcomes[i] = asError(error)
        }
      }
      let results: readonly VerifyResult[] = []
      if (items.length > 0) {
        try {
          results = await recover(items)
        } catch (error) {
          for (const i of at) outcomes[i] = asError(error)
          return outcomes
        }
      }
      const digests: string[] = new Array(inputs.length)
      // a signer other than the voter: an ERC-1271 wallet's check, awaited only for those (rare)
      const contractChecks: Promise<void>[] = []
      at.forEach((i, k) => {
        const result = results[k]
        try {
          const signerCheck = checkSigner(inputs[i]!, checked[i]!.voter, result)
          digests[i] = result!.digest!
          if (signerCheck) contractChecks.push(signerCheck.catch((error: unknown) => void (outcomes[i] = asError(error))))
        } catch (error) {
          outcomes[i] = asError(error)
        }
      })
      if (contractChecks.length > 0) await Promise.all(contractChecks)
      // voting power: one lookup per proposal of the votes still standing
      const byProposal = new Map<VoteProposal, number[]>()
      for (const i of at) {
        if (outcomes[i] !== undefined) continue
        const { proposal } = checked[i]!
        let list = byProposal.get(proposal)
        if (!list) byProposal.set(proposal, (list = []))
        list.push(i)
      }
      const refusals: Promise<void>[] = []
      await Promise.all(
        [...byProposal].map(([proposal, list]) => {
          const voters = list.map((i) => checked[i]!.voter)
          return eligibility.getVotingPowers(proposal, voters).then(
            (powers) =>
              list.forEach((i, k) => {
                const power = powers[k]!
                if (power > 0n) outcomes[i] = verifiedOf(inputs[i]!, checked[i]!, digests[i]!, power)
                else refusals.push(noPower(proposal, voters[k]!).then((error) => void (outcomes[i] = error), (error: unknown) => void (outcomes[i] = asError(error))))
              }),
            (error: unknown) => list.forEach((i) => void (outcomes[i] = asError(error))),
          )
        }),
      )
      if (refusals.length > 0) await Promise.all(refusals)
      return outcomes
    },
    lockShards: (shardKeys) => ({
      text: 'SELECT id::text AS shard_key FROM proposals WHERE id = ANY($1::uuid[]) FOR KEY SHARE',
      values: [shardKeys],
    }),
    append(rows, ids) {
      // one vote_log row per batch (one proposal's batch): its votes packed, the fixed-width values
      // concatenated into bytea (the ids as writeBatches parsed them; voters and signatures each
      // decoded from their joined hex, one call, not one a vote), the timestamps an int8[], the columns that
      // repeat (choice, reason, power, signed) as each batch's distinct values and an index a vote
      // (sent only when some batch has two values or more).
      // Postgres then forms one row and its TOAST chunks for a batch instead of a row and an index
      // entry a vote.
      const n = rows.length
      if (ids.length !== n * 32) throw new InvariantError('vote append: expected 32 bytes of id a row')
      const voters = new Array<string>(n)
      const signatures = new Array<string>(n)
      const timestamps = new Array<string>(n)
      // per log row: its proposal, batch, first vote's leaf and first vote's position in `rows`
      const proposals: string[] = []
      const batchIds: number[] = []
      const nodes: number[] = []
      const starts: number[] = []
      const seen = new Set<string>()
      const choice = packedColumn(n)
      const reason = packedColumn(n)
      const power = packedColumn(n)
      const signed = packedColumn(n)
      for (let i = 0; i < n; i++) {
        const { message, batchId, node } = rows[i]!
        const row = message.row
        const r = proposals.length - 1
        if (r < 0 || message.shardKey !== proposals[r] || batchId !== batchIds[r]) {
          const key = `${message.shardKey}:${batchId}`
          if (seen.has(key)) throw new InvariantError('vote append: a batch\'s rows must be consecutive, in leaf order')
          seen.add(key)
          proposals.push(message.shardKey)
          batchIds.push(batchId)
          nodes.push(node)
          starts.push(i)
          choice.startRow()
          reason.startRow()
          power.startRow()
          signed.startRow()
          // a vote's leaf is its row's first leaf less its position: no node travels per vote
        } else if (node !== nodes[r]! - (i - starts[r]!)) throw new InvariantError('vote append: a batch\'s rows must be consecutive, in leaf order')
        voters[i] = row.voter
        signatures[i] = message.signature
        timestamps[i] = row.timestamp
        choice.add(row.choice)
        reason.add(row.reason)
        power.add(row.votingPower)
        signed.add(signedRestOf(message))
      }
      starts.push(n)
      const counts = nodes.map((_, r) => starts[r + 1]! - starts[r]!)
      // each row's 1-based position (`s.r`), an int4 subscript (WITH ORDINALITY gives an int8)
      const values: unknown[] = [proposals, batchIds, integerArray(nodes), integerArray(starts.slice(0, -1)), integerArray(counts), integerArray(nodes.map((_, r) => r + 1)), ids, hexBytes(voters, 20), hexBytes(signatures, 65), integerArray(timestamps)]
      const param = (value: unknown) => `$${values.push(value)}`
      const slice = (array: string, from: string, count: string) => `(${array})[${from} + 1 : ${from} + ${count}]`
      /** SQL: a packed column's two values for log row `s`: its values and, when they repeat, an index a vote (NULL: one value a vote). */
      const columnOf = (column: PackedColumn, type: 'text' | 'numeric') => {
        // decimal powers as one literal (pg would quote and escape each element of a JS array)
        const array = (list: readonly string[]) => (type === 'numeric' ? integerArray(list) : list)
        if (!column.repeats()) return `${slice(`${param(array(column.rows()))}::${type}[]`, 's.start', 's.n')}, NULL`
        // one value a row (an empty reason, one power): the index, all 1s, made by the server, not sent
        if (column.oneEach()) return `${slice(`${param(array(column.values))}::${type}[]`, 's.r - 1', '1')}, array_fill(1::int2, ARRAY[s.n])`
        const bounds = `${param(integerArray(column.bounds()))}::int4[]`
        return `${slice(`${param(array(column.values))}::${type}[]`, `(${bounds})[s.r]`, `(${bounds})[s.r + 1] - (${bounds})[s.r]`)},
                ${slice(`${param(integerArray(column.indexes))}::int2[]`, 's.start', 's.n')}`
      }
      const select = [columnOf(choice, 'text'), columnOf(reason, 'text'), columnOf(power, 'numeric'), columnOf(signed, 'text')]
      return {
        // no conflict clause, no random-key index: the log's key is (proposal, batch). The row is
        // the batch's signed messages too (signatures + what the columns lack: signedRestOf), so
        // the batch row stores only root and tree for votes.
        text: `INSERT INTO vote_log (proposal_id, batch_id, node, message_ids, voters, signatures, ts, choices, choice_at, reasons, reason_at,
                                     voting_powers, voting_power_at, signed, signed_at)
               SELECT s.proposal_id, s.batch_id, s.node, substring($7::bytea FROM s.start * 32 + 1 FOR s.n * 32),
                      substring($8::bytea FROM s.start * 20 + 1 FOR s.n * 20), substring($9::bytea FROM s.start * 65 + 1 FOR s.n * 65),
                      ${slice('$10::int8[]', 's.start', 's.n')}, ${select.join(', ')}
               FROM unnest($1::uuid[], $2::int4[], $3::int4[], $4::int4[], $5::int4[], $6::int4[]) AS s(proposal_id, batch_id, node, start, n, r)`,
        values,
      }
    },
  }
}

/** A vote past the checks that need no signer: what the rest of its verification needs. */
type CheckedVote = { proposal: VoteProposal; ballot: ReturnType<typeof ballotFromVote>; voter: string; item: TypedDataItem }

/** A thrown value as an Error (the engine turns one that is not a BaseError into a 500). */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new InvariantError(String(error))
}

/**
 * What a logged vote needs beside its other columns to give back the signed message exactly, as JSON
 * text: `[choices, weights]` (decimal strings, as signed), plus `{ eip55: 1 }` (the voter was posted
 * in its EIP-55 form) or `{ voter }` (any other casing), and `{ proposal }` (an uppercase uuid: the
 * proposal is a signed `string`) when they differ from the row's lowercase voter and proposal id. About 12 bytes for a plain vote (24 posted by a wallet), against about 310 for
 * the whole message as JSON.
 */
export function signedRestOf(message: VerifiedMessage<VoteRow>): string {
  const payload = message.payload as { voter: string; proposal: string; choices: readonly string[]; weights: readonly string[] }
  const { choices, weights } = payload
  const arrays =
    weights.length === 0 && choices.length === 1 ? `["${choices[0]}"],[]` : `${choices.length === 0 ? '[]' : `["${choices.join('","')}"]`},${weights.length === 0 ? '[]' : `["${weights.join('","')}"]`}`
  if (payload.voter === message.row.voter && payload.proposal === message.row.proposalId) return `[${arrays}]`
  const posted: SignedAsPosted = {}
  // wallets post EIP-55 voters: a flag, not the 42 characters again
  if (payload.voter !== message.row.voter) {
    if (payload.voter === checksumAddress(message.row.voter)) posted.eip55 = 1
    else posted.voter = payload.voter
  }
  if (payload.proposal !== message.row.proposalId) posted.proposal = payload.proposal
  return `[${arrays},${JSON.stringify(posted)}]`
}

/** `signed`'s third entry: how the voter and proposal were posted when not as the columns hold them. */
type SignedAsPosted = { voter?: string; eip55?: 1; proposal?: string }

/** The most distinct values a packed column keeps as values + index (a subscript walks a text[] from its start). */
const MAX_INDEXED_VALUES = 64

type PackedColumn = ReturnType<typeof packedColumn>

/**
 * A column of an append's votes, per log row (a batch): the row's distinct values and each vote's
 * 1-based index into them, or (`repeats()` false) simply each vote's value.
 */
function packedColumn(votes: number) {
  /** Every row's distinct values, row after row; row r's start at `rowStarts[r]`. */
  const values: string[] = []
  const rowStarts: number[] = []
  /** Each vote's 1-based index into its row's values, and its value's position in `values`. */
  const indexes = new Array<number>(votes)
  const at = new Array<number>(votes)
  let position = new Map<string, number>()
  let vote = 0
  return {
    values,
    indexes,
    /** Where each row's values start in `values` (0-based), then `values.length`. */
    bounds: () => [...rowStarts, values.length],
    startRow() {
      rowStarts.push(values.length)
      position = new Map()
    },
    add(value: string) {
      let index = position.get(value)
      if (index === undefined) position.set(value, (index = values.push(value) - rowStarts[rowStarts.length - 1]!))
      indexes[vote] = index
      at[vote++] = rowStarts[rowStarts.length - 1]! + index - 1
    },
    /** Whether values + index is worth it: few distinct values a row (a few choices, empty reasons, one signed shape). */
    repeats: () => values.length * 4 <= votes && rowStarts.every((start, r) => (rowStarts[r + 1] ?? values.length) - start <= MAX_INDEXED_VALUES),
    /** Whether every row has a single distinct value (its index all 1s). */
    oneEach: () => values.length === rowStarts.length,
    /** Every vote's value, in vote order. */
    rows: () => at.map((k) => values[k]!),
  }
}

/** A column of loggedVotes' rows. */
export type LoggedVoteColumn = 'proposal_id' | 'batch_id' | 'node' | 'message_id' | 'voter' | 'signature' | 'ts' | 'choice' | 'reason' | 'voting_power' | 'signed'

/**
 * How loggedVotes gives one column: `vote`, its expression a vote (over `l`, the log row with its
 * packed values read once, and `v`, the vote's unnested values); `row`, what it reads of the log
 * row; `unnest`, the arrays it unnests a vote. `message_ids` is always read: it counts the votes.
 */
type Unpacking = { vote: string; row?: string; unnest?: string }

/** A repeating column: the row's distinct `values` and each vote's index `<name>_at`, or (the index NULL) one value a vote. */
const packedValues = (name: string, values: string, type: string): Unpacking => ({
  vote: `coalesce(l.${values}[v.${name}_at], v.${name})`,
  row: `l.${values} || '{}'::${type}[] AS ${values}, l.${name}_at`,
  unnest: `unnest(l.${name}_at) AS ${name}_at, unnest(l.${values}) AS ${name}`,
})

const unpackings: Record<LoggedVoteColumn, Unpacking> = {
  proposal_id: { vote: 'l.proposal_id', row: 'l.proposal_id' },
  batch_id: { vote: 'l.batch_id', row: 'l.batch_id' },
  node: { vote: 'l.node + 1 - v.k', row: 'l.node' },
  message_id: { vote: 'substring(l.message_ids FROM v.k * 32 - 31 FOR 32)' },
  voter: { vote: 'substring(l.voters FROM v.k * 20 - 19 FOR 20)', row: "l.voters || ''::bytea AS voters" },
  signature: { vote: 'substring(l.signatures FROM v.k * 65 - 64 FOR 65)', row: "l.signatures || ''::bytea AS signatures" },
  ts: { vote: 'v.ts', row: 'l.ts', unnest: 'unnest(l.ts) AS ts' },
  choice: packedValues('choice', 'choices', 'text'),
  reason: packedValues('reason', 'reasons', 'text'),
  voting_power: packedValues('voting_power', 'voting_powers', 'numeric'),
  signed: packedValues('signed', 'signed', 'text'),
}

const ALL_LOGGED_VOTE_COLUMNS = Object.keys(unpackings) as LoggedVoteColumn[]

/**
 * SQL: the votes of the vote_log rows that `from` yields as `l` (a FROM list, then an optional
 * WHERE), one row a vote in the log's former shape: proposal_id, batch_id, node, message_id,
 * voter, signature (bytea), ts (int8), choice, reason, voting_power, signed; or only `columns`
 * (in that order), and only what they need is read and unpacked (the planner does not prune the
 * set-returning functions of a subquery's select list). Use as
 * `FROM ${loggedVotes('vote_log l WHERE l.proposal_id = $1')} AS v`. Each packed value is read
 * (detoasted) once per log row, not once a vote (a substring of a TOASTed value fetches its chunks
 * again), and the per-vote arrays are unnested, never subscripted (a walk from the start each).
 */
export function loggedVotes(from: string, columns: readonly LoggedVoteColumn[] = ALL_LOGGED_VOTE_COLUMNS): string {
  const used = columns.map((column) => unpackings[column])
  const row = ["l.message_ids || ''::bytea AS message_ids", ...used.flatMap((column) => (column.row ? [column.row] : []))]
  const unnest = ['generate_series(1, length(l.message_ids) / 32) AS k', ...used.flatMap((column) => (column.unnest ? [column.unnest] : []))]
  return `(SELECT ${columns.map((column, i) => `${used[i]!.vote} AS ${column}`).join(', ')}
          FROM (SELECT ${[...new Set(row)].join(', ')} FROM ${from} OFFSET 0) AS l
          CROSS JOIN LATERAL (SELECT ${[...new Set(unnest)].join(', ')}) AS v)`
}

/** SQL: the columns loggedVoteOf reads, from one vote's expressions (signature and voter bytea, ts int8). */
const loggedVoteSelect = (vote: { signature: string; signed: string; voter: string; proposal: string; reason: string; ts: string }): string =>
  `'0x' || encode(${vote.signature}, 'hex') AS vote_signature, ${vote.signed} AS vote_signed, '0x' || encode(${vote.voter}, 'hex') AS vote_voter,
  ${vote.proposal}::text AS vote_proposal, ${vote.reason} AS vote_reason, ${vote.ts}::text AS vote_ts`

/**
 * SQL columns of one logged vote for loggedVoteOf: the vote at leaf `node` (an expression) of the
 * vote_log row aliased `l` (null where no row joined). Slices and subscripts of that vote alone:
 * its bytea slices read only their TOAST chunks (for many votes of a row, loggedVotes reads it once).
 */
export function loggedVoteColumns(node: string): string {
  const k = `(l.node + 1 - ${node})`
  const packed = (values: string, at: string) => `coalesce(l.${values}[l.${at}[${k}]], l.${values}[${k}])`
  return loggedVoteSelect({
    signature: `substring(l.signatures FROM ${k} * 65 - 64 FOR 65)`,
    signed: packed('signed', 'signed_at'),
    voter: `substring(l.voters FROM ${k} * 20 - 19 FOR 20)`,
    proposal: 'l.proposal_id',
    reason: packed('reasons', 'reason_at'),
    ts: `l.ts[${k}]`,
  })
}

/** SQL: the id (bytea, 32 bytes) of the vote at leaf `node` (an expression) of the vote_log row aliased `l`; reads only its TOAST chunk. */
export const loggedVoteId = (node: string): string => `substring(l.message_ids FROM (l.node + 1 - ${node}) * 32 - 31 FOR 32)`

/** SQL columns for loggedVoteOf from a row of loggedVotes aliased `alias`. */
export const unpackedVoteColumns = (alias: string): string =>
  loggedVoteSelect({ signature: `${alias}.signature`, signed: `${alias}.signed`, voter: `${alias}.voter`, proposal: `${alias}.proposal_id`, reason: `${alias}.reason`, ts: `${alias}.ts` })

export type LoggedVoteRow = { vote_signature: string | null; vote_signed: string | null; vote_voter: string; vote_proposal: string; vote_reason: string; vote_ts: string }

/**
 * The signed vote as posted (`{ signature, payload }`, payload keys in the EIP-712 order) from its
 * vote_log row; undefined when the row has none (a vote written by the transactional writer keeps
 * it in `batches.messages`).
 */
export function loggedVoteOf(row: LoggedVoteRow): { signature: string; payload: Record<string, unknown> } | undefined {
  if (row.vote_signature === null || row.vote_signed === null) return undefined
  const [choices, weights, posted] = JSON.parse(row.vote_signed) as [string[], string[], SignedAsPosted | undefined]
  return {
    signature: row.vote_signature,
    payload: {
      voter: posted?.voter ?? (posted?.eip55 ? checksumAddress(row.vote_voter) : row.vote_voter),
      proposal: posted?.proposal ?? row.vote_proposal,
      choices,
      weights,
      reason: row.vote_reason,
      timestamp: row.vote_ts,
    },
  }
}

/**
 * Today's transactional vote writer, kept as the bench's named baseline (bench/intake): the
 * counted vote upserted in the batch's transaction, its conflict clause deciding against the
 * holder, with an intake_messages row per message. `{ ...createVoteMessageType(e), append:
 * undefined, apply: applyVotesInTransaction }` is that writer.
 */
export function applyVotesInTransaction(winners: readonly { message: VerifiedMessage<VoteRow>; batchId: number }[]) {
  const { shards, batchIds, rowShard } = shardColumns(winners)
  const column = <K extends keyof VoteRow>(name: K) => winners.map((w) => w.message.row[name])
  return {
    text: `INSERT INTO votes (proposal_id, voter, choice, reason, voting_power, "timestamp", message_id, batch_id)
           SELECT ($1::uuid[])[v.shard], ${hexAt(3, 20, 'v.n')}, v.choice::jsonb, v.reason, v.power, to_timestamp(v.ts),
                  ${hexAt(4, 32, 'v.n')}, ($2::int4[])[v.shard]
           FROM unnest($5::int4[], $6::text[], $7::text[], $8::numeric[], $9::int8[]) WITH ORDINALITY AS v(shard, choice, reason, power, ts, n)
           ON CONFLICT (proposal_id, voter) DO UPDATE SET
             choice = excluded.choice, reason = excluded.reason, voting_power = excluded.voting_power,
             "timestamp" = excluded."timestamp", message_id = excluded.message_id, batch_id = excluded.batch_id
           WHERE votes."timestamp" < excluded."timestamp"
              OR (votes."timestamp" = excluded."timestamp" AND votes.message_id > excluded.message_id)
           RETURNING message_id AS id`,
    values: [
      shards,
      batchIds,
      hexBytes(column('voter'), 20),
      idBytes(winners.map((w) => w.message.id)),
      rowShard,
      column('choice'),
      column('reason'),
      column('votingPower'),
      column('timestamp'),
    ],
  }
}
