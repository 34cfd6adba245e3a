import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { getAddress, type Address } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLAIM_LEAF_ENCODING } from '@/lib/airdrop/schema'
import { getClaimProof } from '@/lib/airdrop/get-claim-proof'
import { checkEligibility } from '@/lib/airdrop/check-eligibility'
import { NotFoundError, ValidationError } from '@/lib/errors'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { storeTestCampaign, testRecipients, type TestAllocation } from '../support/store-campaign'

type Routes = {
  proof: typeof import('@/app/api/campaigns/[id]/proof/[address]/route')
  eligibility: typeof import('@/app/api/campaigns/[id]/eligibility/route')
}

const recipients = testRecipients(300)
const allocations: TestAllocation[] = recipients.map((account, i) => ({ account, amount: 10n ** 18n * BigInt(i + 1) }))
const stranger = '0x00000000000000000000000000000000000000aa' as Address

/** The proof and eligibility route handlers against a real database, compared with OpenZeppelin's tree. */
describe('proof and eligibility routes (route handlers, real database)', () => {
  let database: TestDatabase
  let routes: Routes
  let live: string
  let draft: string
  const oz = StandardMerkleTree.of(
    allocations.map((a, i) => [i, a.account, a.amount.toString()]),
    [...CLAIM_LEAF_ENCODING],
  )

  beforeAll(async () => {
    database = await createTestDatabase()
    live = (await storeTestCampaign(database.db, { allocations })).id
    draft = (await storeTestCampaign(database.db, { allocations: allocations.slice(0, 5), status: 'draft' })).id
    // the routes' getDb() is this test database (lib/db/get-database keeps it on globalThis)
    Object.assign(globalThis, { __arborDatabase: database.database })
    routes = {
      proof: await import('@/app/api/campaigns/[id]/proof/[address]/route'),
      eligibility: await import('@/app/api/campaigns/[id]/eligibility/route'),
    }
  }, 60_000)
  afterAll(async () => {
    Object.assign(globalThis, { __arborDatabase: undefined })
    await database?.drop()
  })

  const getProof = (id: string, address: string, headers: Record<string, string> = {}) =>
    routes.proof.GET(new Request(`http://arbor.test/api/campaigns/${id}/proof/${address}`, { headers }), { params: Promise.resolve({ id, address }) })
  const postEligibility = (id: string, body: unknown) =>
    routes.eligibility.POST(
      new Request(`http://arbor.test/api/campaigns/${id}/eligibility`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) }),
      { params: Promise.resolve({ id }) },
    )
  const errorOf = async (response: Response) => ((await response.json()) as { error: { code: string; message: string; details?: { field?: string } } }).error

  it('answers OpenZeppelin’s proof for every recipient, in any letter case', async () => {
    for (const [i, value] of oz.entries()) {
      const account = value[1] as string
      const spelled = i % 3 === 0 ? account.toLowerCase() : i % 3 === 1 ? account.toUpperCase().replace('0X', '0x') : getAddress(account)
      const response = await getProof(live, spelled)
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ index: i, account: getAddress(account), amount: allocations[i]!.amount.toString(), proof: oz.getProof(i) })
    }
  })

  it('caches a live campaign’s answer forever, with an ETag that revalidates to 304', async () => {
    const response = await getProof(live, recipients[7]!)
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(response.headers.get('content-type')).toBe('application/json')
    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}-7"$/)
    const again = await getProof(live, recipients[7]!, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('etag')).toBe(etag)
    // as a proxy or browser may send it: weak, in a list, or any
    for (const ifNoneMatch of [`W/${etag}`, `"other", ${etag}`, `"other",W/${etag}`, '*']) {
      expect((await getProof(live, recipients[7]!, { 'if-none-match': ifNoneMatch })).status).toBe(304)
    }
    for (const ifNoneMatch of ['"other"', `${etag.slice(0, -1)}x"`, '']) {
      expect((await getProof(live, recipients[7]!, { 'if-none-match': ifNoneMatch })).status).toBe(200)
    }
    // as fetch() sends it: Cache-Control no-cache asks for the origin's validation, which this is
    expect((await getProof(live, recipients[7]!, { 'if-none-match': etag, 'cache-control': 'no-cache' })).status).toBe(304)
    expect((await getProof(live, recipients[8]!)).headers.get('etag')).not.toBe(etag)
  })

  it('caches a draft campaign’s answer only briefly', async () => {
    const response = await getProof(draft, recipients[0]!)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('public, max-age=5, must-revalidate')
  })

  it('answers 404 for an address not in the campaign or an unknown campaign, 422 naming a malformed address', async () => {
    const notEligible = await getProof(live, stranger)
    expect(notEligible.status).toBe(404)
    expect((await errorOf(notEligible)).details?.field).toBe('address')
    expect((await getProof('00000000-0000-4000-8000-000000000000', recipients[0]!)).status).toBe(404)
    expect((await getProof('not-a-uuid', recipients[0]!)).status).toBe(404)
    for (const bad of ['0x1234', 'hello', `${recipients[0]!}00`, '0xZZ00000000000000000000000000000000000000']) {
      const response = await getProof(live, bad)
      expect(response.status).toBe(422)
      expect(await errorOf(response)).toMatchObject({ code: 'validation', details: { field: 'address' } })
    }
  })

  it('answers eligibility for up to 1,000 addresses, in the order asked', async () => {
    const asked = [recipients[3]!.toUpperCase().replace('0X', '0x'), stranger, recipients[299]!]
    const response = await postEligibility(live, { accounts: asked })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({
      results: [
        { account: getAddress(recipients[3]!), eligible: true, index: 3, amount: (4n * 10n ** 18n).toString() },
        { account: getAddress(stranger), eligible: false },
        { account: getAddress(recipients[299]!), eligible: true, index: 299, amount: (300n * 10n ** 18n).toString() },
      ],
    })
    const thousand = [...recipients, ...testRecipients(700, 'not-in-campaign')]
    const all = (await (await postEligibility(live, { accounts: thousand })).json()) as { results: { eligible: boolean }[] }
    expect(all.results.filter((r) => r.eligible)).toHaveLength(300)
    expect(all.results).toHaveLength(1000)
  })

  it('refuses more than 1,000 addresses, none, a malformed one (named) and a body that is not JSON', async () => {
    const tooMany = await postEligibility(live, { accounts: testRecipients(1001) })
    expect(tooMany.status).toBe(422)
    expect((await errorOf(tooMany)).details?.field).toBe('accounts')
    expect((await errorOf(await postEligibility(live, { accounts: [] }))).details?.field).toBe('accounts')
    const bad = await postEligibility(live, { accounts: [recipients[0], '0xnothex'] })
    expect(bad.status).toBe(422)
    expect(await errorOf(bad)).toMatchObject({ details: { field: 'accounts.1', value: '0xnothex' } })
    expect((await errorOf(await postEligibility(live, 'not json'))).details?.field).toBe('body')
  })

  it('library calls: getClaimProof and checkEligibility throw typed errors', async () => {
    const claim = await getClaimProof(database.db, { campaignId: live, account: recipients[42]!.toLowerCase() })
    expect(claim).toEqual({ index: 42, account: getAddress(recipients[42]!), amount: 43n * 10n ** 18n, proof: oz.getProof(42) })
    await expect(getClaimProof(database.db, { campaignId: live, account: stranger })).rejects.toBeInstanceOf(NotFoundError)
    await expect(getClaimProof(database.db, { campaignId: live, account: 'nope' })).rejects.toMatchObject({ details: { field: 'address' } })
    await expect(getClaimProof(database.db, { campaignId: live, account: 'nope' })).rejects.toBeInstanceOf(ValidationError)
    const [answer] = await checkEligibility(database.db, { campaignId: live, accounts: [recipients[1]!] })
    expect(answer).toEqual({ account: getAddress(recipients[1]!), eligible: true, index: 1, amount: 2n * 10n ** 18n })
  })
})
