import { claimTypes } from '../chain/claim-typed-data'
import { verifyProof } from '../merkle/verify-proof'
import { InvalidMessageError, InvalidSignatureError, NotEligibleError, UnknownTargetError, WindowClosedError, WindowNotOpenError } from './errors'
import { claimInputSchema, type ClaimInput } from './schema'
import { hexAt, hexBytes, idBytes, shardColumns } from './sql-columns'
import type { MessageType, VerifyContext } from './types'

/** The distributor's own EIP-712 domain, so a claim accepted here is relayable to `claimWithSig`. */
export const CLAIM_DOMAIN = { name: 'ArborDistributor', version: '1' } as const

// One definition of the signed Claim, shared with the relayer side (lib/chain) and the contract.
export { claimTypes }

/** Leaves of a campaign's tree: (index, account, amount), as ArborDistributor checks them. */
export const ALLOCATION_LEAF_ENCODING = ['uint256', 'address', 'uint256'] as const

export type ClaimCampaign = {
  id: string
  chainId: number
  /** The campaign's distributor (deployed by the factory with CREATE2): the domain's verifying contract. */
  distributor: string
  merkleRoot: string
  status: 'draft' | 'deploying' | 'active' | 'ended' | 'clawed_back'
  /** Unix seconds, when set. */
  startAt?: number
  endAt?: number
}

/** What a claim needs to know about the world; the airdrop issue supplies the real sources. */
export type ClaimEligibility = {
  getCampaign(params: { chainId: number; distributor: string }): Promise<ClaimCampaign | undefined>
  isValidContractSignature?(params: { address: string; digest: string; signature: string }): Promise<boolean>
}

export type ClaimRow = { campaignId: string; index: string; account: string; to: string; amount: string; deadline: string }

const maxIndex = 2n ** 31n - 1n
/** campaigns.chain_id is an int4: no campaign lives on a chain beyond it. */
const maxChainId = 2 ** 31 - 1
const ZERO_ADDRESS = /^0x0{40}$/

/**
 * The signature as `claimWithSig` verifies it (OpenZeppelin ECDSA: `v` is 27 or 28): a 65-byte
 * signature with `v` 0 or 1 (the recovery id) gets 27 added, so the one stored is relayable.
 */
export function normalizeSignatureV(signature: string): string {
  const v = Number.parseInt(signature.slice(130, 132), 16)
  if (signature.length !== 132 || v > 1) return signature.toLowerCase()
  return `${signature.slice(0, 130)}${(v + 27).toString(16)}`.toLowerCase()
}

/** The Claim message type: writes (campaign, index); the first valid claim of an index wins. */
export function createClaimMessageType(eligibility: ClaimEligibility): MessageType<ClaimInput, ClaimRow> {
  return {
    kind: 'claim',
    primaryType: 'Claim',
    types: claimTypes,
    schema: claimInputSchema,
    conflict: 'first-wins',
    async verify(input: ClaimInput, { recover, now }: VerifyContext) {
      const { message, domain: posted } = input
      // what claimWithSig would refuse is refused here, before it can take the index
      if (ZERO_ADDRESS.test(message.to)) throw new InvalidMessageError('message.to: the zero address cannot receive a claim', { field: 'message.to' })
      if (posted.chainId > maxChainId) throw new UnknownTargetError(`no campaign is on chain ${posted.chainId}`, { field: 'domain.chainId' })
      const campaign = await eligibility.getCampaign({ chainId: posted.chainId, distributor: posted.verifyingContract.toLowerCase() })
      if (!campaign) {
        throw new UnknownTargetError(`no campaign has distributor ${posted.verifyingContract} on chain ${posted.chainId}`, { field: 'domain.verifyingContract' })
      }
      if (BigInt(message.index) > maxIndex) throw new InvalidMessageError('message.index is beyond any campaign', { field: 'message.index' })
      if (campaign.status === 'ended' || campaign.status === 'clawed_back' || (campaign.endAt !== undefined && now >= campaign.endAt)) {
        throw new WindowClosedError(`campaign ${campaign.id} has ended`, { field: 'domain.verifyingContract' })
      }
      if (campaign.status !== 'active' || (campaign.startAt !== undefined && now < campaign.startAt)) {
        throw new WindowNotOpenError(`campaign ${campaign.id} is not open for claims yet`, { field: 'domain.verifyingContract' })
      }
      if (BigInt(message.deadline) < BigInt(now)) throw new WindowClosedError('the claim\'s deadline has passed', { field: 'message.deadline' })
      const account = message.account.toLowerCase()
      const leaf = [BigInt(message.index), account, BigInt(message.amount)]
      if (!verifyProof(campaign.merkleRoot, ALLOCATION_LEAF_ENCODING, leaf, input.proof)) {
        throw new NotEligibleError('(index, account, amount) is not in the campaign\'s tree with this proof', { field: 'proof' })
      }
      const domain = { ...CLAIM_DOMAIN, chainId: campaign.chainId, verifyingContract: campaign.distributor }
      const [result] = await recover([{ domain, types: claimTypes, primaryType: 'Claim', message, signature: input.signature }])
      if (!result || result.error !== undefined) throw new InvalidSignatureError(result?.error ?? 'not verified')
      // an EOA's signature is stored as the contract verifies it; a contract wallet's exactly as signed
      let signature = normalizeSignatureV(input.signature)
      if (result.signer !== account) {
        const accepted = await eligibility.isValidContractSignature?.({ address: account, digest: result.digest, signature: input.signature })
        if (!accepted) throw new InvalidSignatureError('the signature is not the account\'s', { account })
        signature = input.signature.toLowerCase()
      }
      return {
        kind: 'claim',
        id: result.digest,
        shardKey: campaign.id,
        key: message.index,
        signer: account,
        signature,
        // the signed values only: the proof is the campaign's, not the signer's
        payload: { ...message },
        rank: 0n,
        row: { campaignId: campaign.id, index: message.index, account, to: message.to.toLowerCase(), amount: message.amount, deadline: message.deadline },
      }
    },
    lockShards: (shardKeys) => ({
      text: 'SELECT id::text AS shard_key FROM campaigns WHERE id = ANY($1::uuid[]) FOR KEY SHARE',
      values: [shardKeys],
    }),
    loadHolders: (pairs) => ({
      text: `SELECT c.index::text AS key, c.message_id AS id
             FROM unnest($1::uuid[], $2::int4[]) AS k(campaign_id, index)
             JOIN claims c USING (campaign_id, index)`,
      values: [pairs.map((p) => p.shardKey), pairs.map((p) => p.key)],
    }),
    apply(winners) {
      const { shards, batchIds, rowShard } = shardColumns(winners)
      const column = <K extends keyof ClaimRow>(name: K) => winners.map((w) => w.message.row[name])
      return {
        text: `INSERT INTO claims (campaign_id, index, account, "to", amount, kind, message_id, signature, deadline, status, batch_id)
               SELECT ($1::uuid[])[c.shard], c.index, ${hexAt(3, 20, 'c.n')}, ${hexAt(4, 20, 'c.n')}, c.amount, 'gasless', ${hexAt(5, 32, 'c.n')},
                      c.sig, to_timestamp(least(c.deadline, 253402300799)::float8), 'pending', ($2::int4[])[c.shard]
               FROM unnest($6::int4[], $7::int4[], $8::numeric[], $9::numeric[], $10::text[]) WITH ORDINALITY AS c(shard, index, amount, deadline, sig, n)
               ON CONFLICT (campaign_id, index) DO NOTHING
               RETURNING message_id AS id`,
        values: [
          shards,
          batchIds,
          hexBytes(column('account'), 20),
          hexBytes(column('to'), 20),
          idBytes(winners.map((w) => w.message.id)),
          rowShard,
          column('index'),
          column('amount'),
          column('deadline'),
          // signatures vary in length (a contract wallet's can be anything): text
          winners.map((w) => w.message.signature),
        ],
      }
    },
  }
}
