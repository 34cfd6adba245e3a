import type { PublicClient } from 'viem'
import type { SqlQueryable } from '../db/types'
import type { ClaimCampaign, ClaimEligibility } from './claim-message'
import { isValidContractSignature } from './is-valid-contract-signature'

export type CreateClaimEligibilityParameters = {
  sql: SqlQueryable
  /** For ERC-1271 contract wallets; without it only EOA signatures are accepted. */
  client?: Pick<PublicClient, 'readContract'>
  /** How long a campaign row is trusted, in ms. Default 2 000. */
  campaignTtlMs?: number
}

/** Claims' eligibility from the campaigns table (distributor, root, window). */
export function createClaimEligibility({ sql, client, campaignTtlMs = 2_000 }: CreateClaimEligibilityParameters): ClaimEligibility {
  const campaigns = new Map<string, { at: number; value: Promise<ClaimCampaign | undefined> }>()
  return {
    getCampaign({ chainId, distributor }) {
      const key = `${chainId}:${distributor}`
      const cached = campaigns.get(key)
      if (cached && Date.now() - cached.at < campaignTtlMs) return cached.value
      const value = sql
        .query<{ id: string; chain_id: number; distributor_address: string; merkle_root: string | null; status: ClaimCampaign['status']; start_at: number | null; end_at: number | null }>(
          `SELECT id, chain_id, distributor_address, merkle_root, status::text AS status,
                  extract(epoch FROM start_at)::int8::float8 AS start_at, extract(epoch FROM end_at)::int8::float8 AS end_at
           FROM campaigns WHERE chain_id = $1 AND lower(distributor_address) = $2 ORDER BY created_at LIMIT 1`,
          [chainId, distributor.toLowerCase()],
        )
        .then(({ rows: [row] }) =>
          row && row.merkle_root
            ? {
                id: row.id,
                chainId: row.chain_id,
                distributor: row.distributor_address.toLowerCase(),
                merkleRoot: row.merkle_root,
                status: row.status,
                startAt: row.start_at === null ? undefined : Number(row.start_at),
                endAt: row.end_at === null ? undefined : Number(row.end_at),
              }
            : undefined,
        )
      value.catch(() => campaigns.delete(key))
      if (campaigns.size > 10_000) campaigns.clear()
      campaigns.set(key, { at: Date.now(), value })
      return value
    },
    isValidContractSignature: client ? (params) => isValidContractSignature(client, params) : undefined,
  }
}
