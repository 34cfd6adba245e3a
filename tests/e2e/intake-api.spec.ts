import { expect, test } from '@playwright/test'

// The intake routes under `next start` itself (tests/intake drives the same handlers in a bare
// node:http server): bad bodies get a 4xx naming what is wrong, and the server keeps serving.
test('bad bodies to the intake routes get a 4xx with a message, and the server keeps answering', async ({ request }) => {
  const expectError = async (response: Awaited<ReturnType<typeof request.post>>, status: number, pattern: RegExp) => {
    expect(response.status()).toBe(status)
    const body = (await response.json()) as { error: { message: string } }
    expect(body.error.message).toMatch(pattern)
  }

  // 3 MiB, over the 2 MiB limit: answered 413 while the client may still be uploading
  // (raw bytes: Playwright would JSON-encode a string body)
  const raw = (text: string) => ({ data: Buffer.from(text), headers: { 'content-type': 'application/json' } })
  await expectError(await request.post('/api/claims', raw(`[${'"x",'.repeat(786_432)}"x"]`)), 413, /2097152/)
  await expectError(await request.post('/api/votes', raw('{"message": ')), 422, /JSON/)
  await expectError(await request.post('/api/votes', { data: Array.from({ length: 10_001 }, () => ({})) }), 413, /10001 messages in one request; the limit is 1000/)
  const vote = {
    message: { voter: '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266', proposal: '00000000-0000-4000-8000-000000000000', choices: ['1'], weights: [], reason: '', timestamp: '1700000000' },
    signature: `0x${'11'.repeat(65)}`,
  }
  const wrongType = await request.post('/api/votes', { data: { ...vote, message: { ...vote.message, voter: 42 } } })
  expect(wrongType.status()).toBe(422)
  expect(await wrongType.json()).toMatchObject({ error: { details: { field: 'message.voter' } } })

  // still serving: a well-formed vote for a proposal that does not exist is a 404 naming the field
  const unknown = await request.post('/api/votes', { data: vote })
  expect(unknown.status()).toBe(404)
  expect(await unknown.json()).toMatchObject({ error: { details: { field: 'message.proposal' } } })
  expect((await request.get(`/api/receipts/0x${'ab'.repeat(32)}`)).status()).toBe(404)
})
