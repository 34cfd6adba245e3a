import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { answerProofBeforeNext } from '@/lib/airdrop/answer-proof-before-next'
import { createTestDatabase, type TestDatabase } from '../support/database'
import { storeTestCampaign, testRecipients } from '../support/store-campaign'

type Routes = { proof: typeof import('@/app/api/campaigns/[id]/proof/[address]/route') }

/** The PROOF_BEFORE_NEXT prototype: the route's own answer for GET proof requests, everything else to Next. */
describe('answerProofBeforeNext (npm start prototype)', () => {
  let database: TestDatabase
  let routes: Routes
  let server: Server
  let url: string
  let live: string
  const handedOn: string[] = []
  const recipients = testRecipients(20)

  beforeAll(async () => {
    database = await createTestDatabase()
    live = (await storeTestCampaign(database.db, { allocations: recipients.map((account, i) => ({ account, amount: BigInt(i + 1) })) })).id
    Object.assign(globalThis, { __arborDatabase: database.database })
    routes = { proof: await import('@/app/api/campaigns/[id]/proof/[address]/route') }
    server = createServer(
      answerProofBeforeNext(
        () => database.db,
        (req, res) => {
          handedOn.push(`${req.method} ${req.url}`)
          res.writeHead(418).end()
        },
      ),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  }, 60_000)
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    Object.assign(globalThis, { __arborDatabase: undefined })
    await database?.drop()
  })

  it('answers a GET proof request with the route’s body, ETag and caching, and 304 for its ETag', async () => {
    const path = `/api/campaigns/${live}/proof/${recipients[3]!.toUpperCase().replace('0X', '0x')}`
    const fast = await fetch(`${url}${path}`)
    const route = await routes.proof.GET(new Request(`http://arbor.test${path}`), { params: Promise.resolve({ id: live, address: recipients[3]!.toUpperCase().replace('0X', '0x') }) })
    expect(fast.status).toBe(200)
    expect(await fast.text()).toBe(await route.text())
    for (const name of ['content-type', 'etag', 'cache-control']) expect(fast.headers.get(name)).toBe(route.headers.get(name))
    expect((await fetch(`${url}${path}`, { headers: { 'if-none-match': `W/${fast.headers.get('etag')}` } })).status).toBe(304)
    expect(handedOn).toEqual([])
  })

  it('hands everything else to Next: other routes and methods, malformed URLs, and every error', async () => {
    const asked = [
      `/api/campaigns/${live}/proof/0x${'ab'.repeat(20)}`, // not eligible: the route answers 404
      `/api/campaigns/${live}/proof/0x1234`, // malformed: the route answers 422
      `/api/campaigns/${live}/proof/${recipients[1]}?x=1`,
      `/api/campaigns/${live}/eligibility`,
      '/claim',
    ]
    for (const path of asked) expect((await fetch(`${url}${path}`)).status).toBe(418)
    expect((await fetch(`${url}/api/campaigns/${live}/proof/${recipients[1]}`, { method: 'POST' })).status).toBe(418)
    expect(handedOn).toEqual([...asked.map((path) => `GET ${path}`), `POST /api/campaigns/${live}/proof/${recipients[1]}`])
  })
})
