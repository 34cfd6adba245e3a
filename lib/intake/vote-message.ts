import { InvalidMessageError, InvalidSignatureError, NotEligibleError, UnknownTargetError, WindowClosedError, WindowNotOpenError } from './errors'
import { voteInputSchema, type VoteInput } from './schema'
import { hexAt, hexBytes, idBytes, shardColumns } from './sql-columns'
import type { MessageType, VerifyContext } from './types'

/** EIP-712 domain of a vote: the purpose, bound to the chain and the space's voting token. */
export const VOTE_DOMAIN = { name: 'Arbor Vote', version: '1' } as const

export const voteTypes = {
  Vote: [
    { name: 'voter', type: 'address' },
    { name: 'proposal', type: 'string' },
    { name: 'choice', type: 'uint32' },
    { name: 'reason', type: 'string' },
    { name: 'timestamp', type: 'uint64' },
  ],
} as const

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
}

/** What a vote needs to know about the world; the governance issue supplies the real sources. */
export type VoteEligibility = {
  getProposal(proposalId: string): Promise<VoteProposal | undefined>
  getVotingPower(proposal: VoteProposal, voter: string): Promise<bigint>
  /** ERC-1271: whether `address` (a contract wallet) accepts `signature` over `digest`. */
  isValidContractSignature?(params: { address: string; digest: string; signature: string }): Promise<boolean>
}

export type VoteRow = {
  proposalId: string
  voter: string
  choice: string
  reason: string
  votingPower: string
  timestamp: string
}

/** The Vote message type: writes (proposal, voter); a later vote replaces an earlier one. */
export function createVoteMessageType(eligibility: VoteEligibility): MessageType<VoteInput, VoteRow> {
  return {
    kind: 'vote',
    primaryType: 'Vote',
    types: voteTypes,
    schema: voteInputSchema,
    conflict: 'latest-wins',
    async verify(input: VoteInput, { recover, now }: VerifyContext) {
      const { message } = input
      const proposal = await eligibility.getProposal(message.proposal)
      if (!proposal) throw new UnknownTargetError(`proposal ${message.proposal} does not exist`, { field: 'message.proposal' })
      const domain = { ...VOTE_DOMAIN, chainId: proposal.chainId, verifyingContract: proposal.token }
      if (input.domain) {
        if (input.domain.chainId !== proposal.chainId) {
          throw new InvalidMessageError(`domain.chainId ${input.domain.chainId} is not the proposal's chain ${proposal.chainId}`, { field: 'domain.chainId' })
        }
        if (input.domain.verifyingContract.toLowerCase() !== proposal.token.toLowerCase()) {
          throw new InvalidMessageError(`domain.verifyingContract is not the proposal's voting token ${proposal.token}`, { field: 'domain.verifyingContract' })
        }
      }
      const choice = Number(message.choice)
      if (choice < 1 || choice > proposal.choiceCount) {
        throw new InvalidMessageError(`message.choice must be between 1 and ${proposal.choiceCount}`, { field: 'message.choice' })
      }
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
      const voter = message.voter.toLowerCase()
      const [result] = await recover([{ domain, types: voteTypes, primaryType: 'Vote', message, signature: input.signature }])
      if (!result || result.error !== undefined) throw new InvalidSignatureError(result?.error ?? 'not verified')
      if (result.signer !== voter) {
        const accepted = await eligibility.isValidContractSignature?.({ address: voter, digest: result.digest, signature: input.signature })
        if (!accepted) throw new InvalidSignatureError('the signature is not the voter\'s', { voter })
      }
      const votingPower = await eligibility.getVotingPower(proposal, voter)
      if (votingPower <= 0n) {
        throw new NotEligibleError(`${voter} had no voting power at block ${proposal.snapshotBlock}`, { field: 'message.voter' })
      }
      return {
        kind: 'vote',
        id: result.digest,
        shardKey: proposal.id,
        key: voter,
        signer: voter,
        signature: input.signature.toLowerCase(),
        payload: { ...message },
        rank: BigInt(message.timestamp),
        row: { proposalId: proposal.id, voter, choice: message.choice, reason: message.reason, votingPower: votingPower.toString(), timestamp: message.timestamp },
      }
    },
    lockShards: (shardKeys) => ({
      text: 'SELECT id::text AS shard_key FROM proposals WHERE id = ANY($1::uuid[]) FOR KEY SHARE',
      values: [shardKeys],
    }),
    apply(winners) {
      const { shards, batchIds, rowShard } = shardColumns(winners)
      const column = <K extends keyof VoteRow>(name: K) => winners.map((w) => w.message.row[name])
      return {
        text: `INSERT INTO votes (proposal_id, voter, choice, reason, voting_power, "timestamp", message_id, batch_id)
               SELECT ($1::uuid[])[v.shard], ${hexAt(3, 20, 'v.n')}, to_jsonb(v.choice), v.reason, v.power, to_timestamp(v.ts),
                      ${hexAt(4, 32, 'v.n')}, ($2::int4[])[v.shard]
               FROM unnest($5::int4[], $6::int8[], $7::text[], $8::numeric[], $9::int8[]) WITH ORDINALITY AS v(shard, choice, reason, power, ts, n)
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
    },
  }
}
