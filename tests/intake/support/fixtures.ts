import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type { SqlQueryable } from '@/lib/db/types'
import { ALLOCATION_LEAF_ENCODING, CLAIM_DOMAIN, claimTypes } from '@/lib/intake/claim-message'
import { idPrefixOf } from '@/lib/intake/materialize-votes'
import type { ClaimInput, VoteInput } from '@/lib/intake/schema'
import { createVerifier, type Verifier } from '@/lib/intake/verifier-core.mjs'
import { loggedVoteId, VOTE_DOMAIN, voteTypes } from '@/lib/intake/vote-message'
import { buildTree } from '@/lib/merkle/build-tree'
import { getProof } from '@/lib/merkle/get-proof'

const require = createRequire(import.meta.url)
const secp256k1 = require('secp256k1/bindings') as {
  ecdsaSign(message: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number }
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array
}

let verifier: Promise<Verifier> | undefined
const digestVerifier = () => (verifier ??= createVerifier({ backend: 'native' }))

/** A key that signs fast (native libsecp256k1): for tests and benches that sign thousands. */
export type TestKey = { privateKey: `0x${string}`; address: string }

export async function createTestKeys(count: number): Promise<TestKey[]> {
  const { keccak } = await keccakOf()
  return Array.from({ length: count }, () => {
    const privateKey = randomBytes(32)
    const publicKey = secp256k1.publicKeyCreate(privateKey, false)
    const address = `0x${Buffer.from(keccak(publicKey.subarray(1))).subarray(12).toString('hex')}`
    return { privateKey: `0x${privateKey.toString('hex')}` as const, address }
  })
}

async function keccakOf() {
  const { keccak_256 } = await import('@noble/hashes/sha3')
  return { keccak: (data: Uint8Array) => keccak_256(data) }
}

/** Signs EIP-712 typed data with a raw key: digest from the verifier's encoder, libsecp256k1 signature (low s). */
export async function signTyped(
  privateKey: string,
  item: { domain: Record<string, unknown>; types: Record<string, readonly { name: string; type: string }[]>; primaryType: string; message: Record<string, unknown> },
): Promise<{ id: string; signature: string }> {
  const v = await digestVerifier()
  const id = v.digestOf(item as never)
  const { signature, recid } = secp256k1.ecdsaSign(Buffer.from(id.slice(2), 'hex'), Buffer.from(privateKey.slice(2), 'hex'))
  return { id, signature: `0x${Buffer.from(signature).toString('hex')}${(27 + recid).toString(16)}` }
}

export type VoteTarget = { proposalId: string; chainId: number; token: string }

/**
 * A signed Vote. `choice` is shorthand for `choices: [choice]` (basic, single-choice); approval and
 * ranked-choice pass `choices`, weighted and quadratic `choices` and `weights`.
 */
export async function signVote(
  key: TestKey,
  target: VoteTarget,
  { choice = 1, choices = [choice], weights = [], reason = '', timestamp = Math.floor(Date.now() / 1000) }:
  { choice?: number; choices?: number[]; weights?: number[]; reason?: string; timestamp?: number } = {},
): Promise<VoteInput & { id: string }> {
  const message = { voter: key.address, proposal: target.proposalId, choices: choices.map(String), weights: weights.map(String), reason, timestamp: String(timestamp) }
  const { id, signature } = await signTyped(key.privateKey, {
    domain: { ...VOTE_DOMAIN, chainId: target.chainId, verifyingContract: target.token },
    types: voteTypes,
    primaryType: 'Vote',
    message,
  })
  return withId({ message, signature }, id)
}

/** The message id rides along, non-enumerable: it is not part of what is posted. */
function withId<T extends object>(input: T, id: string): T & { id: string } {
  return Object.defineProperty(input, 'id', { value: id, enumerable: false }) as T & { id: string }
}

export type TestCampaign = {
  id: string
  chainId: number
  distributor: string
  root: string
  allocations: Array<{ index: number; key: TestKey; amount: bigint }>
  proofOf: (index: number) => string[]
}

export async function signClaim(
  campaign: Pick<TestCampaign, 'chainId' | 'distributor'>,
  allocation: { index: number; key: TestKey; amount: bigint },
  proof: string[],
  { to = allocation.key.address, deadline = Math.floor(Date.now() / 1000) + 3_600 }: { to?: string; deadline?: number } = {},
): Promise<ClaimInput & { id: string }> {
  const message = { index: String(allocation.index), account: allocation.key.address, amount: allocation.amount.toString(), to, deadline: String(deadline) }
  const { id, signature } = await signTyped(allocation.key.privateKey, {
    domain: { ...CLAIM_DOMAIN, chainId: campaign.chainId, verifyingContract: campaign.distributor },
    types: claimTypes,
    primaryType: 'Claim',
    message,
  })
  return withId({ message, signature, domain: { chainId: campaign.chainId, verifyingContract: campaign.distributor }, proof }, id)
}

/** A space with `proposals` active proposals on `token` (snapshot at `snapshotBlock`). `votingType` as stored: `single_choice`, `ranked_choice`... */
export async function seedProposals(
  sql: SqlQueryable,
  { chainId, token, snapshotBlock = 1n, proposals = 1, startAt = new Date(Date.now() - 600_000), endAt = new Date(Date.now() + 3_600_000), state = 'active', choices = ['For', 'Against', 'Abstain'], votingType = 'single_choice', maxPicks = null }:
  { chainId: number; token: string; snapshotBlock?: bigint; proposals?: number; startAt?: Date; endAt?: Date; state?: string; choices?: string[]; votingType?: string; maxPicks?: number | null },
): Promise<string[]> {
  const slug = `space-${randomBytes(4).toString('hex')}`
  const { rows: [space] } = await sql.query<{ id: string }>(
    'INSERT INTO spaces (slug, name, chain_id, token_address, voting_period) VALUES ($1, $1, $2, $3, 3600) RETURNING id',
    [slug, chainId, token.toLowerCase()],
  )
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO proposals (space_id, number, title, author, choices, snapshot_block, start_at, end_at, state, voting_type, max_picks)
     SELECT $1, n, 'Proposal ' || n, '0x0000000000000000000000000000000000000001', $2, $3, $4, $5, $6::proposal_state, $8::voting_type, $9
     FROM generate_series(1, $7::int) AS n RETURNING id`,
    [space!.id, choices, snapshotBlock.toString(), startAt, endAt, state, proposals, votingType, maxPicks],
  )
  return rows.map((row) => row.id)
}

/** An active campaign whose tree holds one allocation per key (index = position). */
export async function seedCampaign(
  sql: SqlQueryable,
  { chainId, keys, distributor = `0x${randomBytes(20).toString('hex')}`, status = 'active', endAt = null }:
  { chainId: number; keys: readonly TestKey[]; distributor?: string; status?: string; endAt?: Date | null },
): Promise<TestCampaign> {
  const allocations = keys.map((key, index) => ({ index, key, amount: BigInt(1_000 + index) * 10n ** 18n }))
  const tree = buildTree({ values: allocations.map((a) => [BigInt(a.index), a.key.address, a.amount]), leafEncoding: ALLOCATION_LEAF_ENCODING })
  const { rows: [campaign] } = await sql.query<{ id: string }>(
    `INSERT INTO campaigns (name, chain_id, token_address, distributor_address, merkle_root, recipient_count, status, end_at)
     VALUES ('test', $1, '0x0000000000000000000000000000000000000002', $2, $3, $4, $5::campaign_status, $6) RETURNING id`,
    [chainId, distributor.toLowerCase(), tree.root, allocations.length, status, endAt],
  )
  return { id: campaign!.id, chainId, distributor: distributor.toLowerCase(), root: tree.root, allocations, proofOf: (index) => getProof(tree, index) }
}

/**
 * Proposals whose voting power is each key's allocation in an airdrop campaign (no chain needed):
 * `keys` may vote, each with its allocation's amount. The governance admin adds
 * spaces.power_source and campaign_id; until that is merged this adds what is missing.
 */
export async function seedCampaignPoweredProposals(
  sql: SqlQueryable,
  { chainId = 31337, keys, proposals = 1, token = '0x0000000000000000000000000000000000000003' }: { chainId?: number; keys: readonly TestKey[]; proposals?: number; token?: string },
): Promise<{ proposalIds: string[]; campaign: TestCampaign; targets: VoteTarget[]; powerOf: (voter: string) => bigint }> {
  const campaign = await seedCampaign(sql, { chainId, keys })
  await sql.query(
    'INSERT INTO allocations (campaign_id, index, account, amount) SELECT $1, i, a, m FROM unnest($2::int[], $3::text[], $4::numeric[]) AS t(i, a, m)',
    [campaign.id, campaign.allocations.map((a) => a.index), campaign.allocations.map((a) => a.key.address), campaign.allocations.map((a) => a.amount.toString())],
  )
  const proposalIds = await seedProposals(sql, { chainId, token, proposals })
  await sql.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'spaces' AND column_name = 'power_source') THEN
      ALTER TABLE spaces ADD COLUMN power_source text NOT NULL DEFAULT 'token';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'spaces' AND column_name = 'campaign_id') THEN
      ALTER TABLE spaces ADD COLUMN campaign_id uuid;
    END IF;
  END $$`)
  await sql.query(`UPDATE spaces SET power_source = 'campaign', campaign_id = $1 WHERE id = (SELECT space_id FROM proposals WHERE id = $2)`, [campaign.id, proposalIds[0]])
  const power = new Map(campaign.allocations.map((a) => [a.key.address, a.amount]))
  return { proposalIds, campaign, targets: proposalIds.map((proposalId) => ({ proposalId, chainId, token })), powerOf: (voter) => power.get(voter.toLowerCase()) ?? 0n }
}

/** How many of the vote ids `ids` (0x-hex) the derivation indexed: a `vote_ids` row of the id's prefix whose log row is that id. */
export async function countIndexedVotes(sql: SqlQueryable, ids: readonly string[]): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    `SELECT count(DISTINCT q.id)::int AS n FROM unnest($1::bytea[]) AS q(id)
     JOIN vote_ids i ON i.prefix = ${idPrefixOf('q.id')}
     JOIN vote_log l ON l.proposal_id = i.proposal_id AND l.batch_id = i.batch_id AND ${loggedVoteId('i.node')} = q.id`,
    [ids.map((id) => Buffer.from(id.slice(2), 'hex'))],
  )
  return rows[0]!.n
}
