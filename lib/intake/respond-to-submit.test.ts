import { describe, expect, it } from 'vitest'
import type { IntakeEngine, SubmitOutcome } from './create-intake-engine'
import { InvalidSignatureError, NotEligibleError } from './errors'
import { respondToSubmit } from './respond-to-submit'
import type { SubmitResult } from './types'

const hex = (byte: string) => `0x${byte.repeat(32)}`
const batch = { id: 7, shard: 123_456, seq: 3, root: hex('aa'), count: 2 }
const receipt = (id: string, proof: string[], extra: Partial<SubmitResult> = {}): SubmitResult => ({
  id,
  status: 'accepted',
  batchSeq: 3,
  // a getter, as the writer's receipts build their proofs when read
  receipt: {
    batch,
    get proof() {
      return proof
    },
  },
  ...extra,
})

function engineAnswering(outcomes: SubmitOutcome[]): IntakeEngine {
  return { submit: async () => outcomes, stats: () => ({ pending: 0, queuedForVerification: 0, batches: 0, messages: 0 }), close: async () => {} }
}

async function post(outcomes: SubmitOutcome[], body: unknown) {
  const response = await respondToSubmit(engineAnswering(outcomes), 'vote', new Request('http://x/api/votes', { method: 'POST', body: JSON.stringify(body) }))
  return { status: response.status, type: response.headers.get('content-type'), body: JSON.parse(await response.text()) as unknown }
}

describe('respondToSubmit answers', () => {
  it('an array: one result per message, receipts with their proofs, errors with their status (207 when mixed)', async () => {
    const superseded = receipt(hex('02'), [], { status: 'superseded' })
    superseded.supersededBy = hex('01')
    const outcomes: SubmitOutcome[] = [
      receipt(hex('01'), [hex('0b'), hex('0c')]),
      superseded,
      { ...receipt(hex('03'), [hex('0d')]), note: 'a key the writer does not send' } as SubmitResult,
      new InvalidSignatureError('the signature is not the voter\'s', { voter: '0xabc' }),
    ]
    const { status, type, body } = await post(outcomes, [{}, {}, {}, {}])
    expect(status).toBe(207)
    expect(type).toBe('application/json')
    expect(body).toEqual({
      results: [
        { httpStatus: 200, id: hex('01'), status: 'accepted', batchSeq: 3, receipt: { batch, proof: [hex('0b'), hex('0c')] } },
        { httpStatus: 200, id: hex('02'), status: 'superseded', supersededBy: hex('01'), batchSeq: 3, receipt: { batch, proof: [] } },
        { httpStatus: 200, id: hex('03'), status: 'accepted', batchSeq: 3, receipt: { batch, proof: [hex('0d')] }, note: 'a key the writer does not send' },
        { httpStatus: 401, error: { code: 'unauthorized', message: 'invalid signature: the signature is not the voter\'s', details: { field: 'signature', reason: 'the signature is not the voter\'s', voter: '0xabc' } } },
      ],
    })
  })

  it('an array that failed alike takes the shared status; one message answers its own receipt', async () => {
    const refusal = new NotEligibleError('no power', { field: 'message.voter' })
    expect((await post([refusal, refusal], [{}, {}])).status).toBe(403)
    expect((await post([receipt(hex('01'), [hex('0b')])], [{}, {}])).status).toBe(200)
    const single = await post([receipt(hex('01'), [hex('0b')])], {})
    expect(single).toEqual({ status: 200, type: 'application/json', body: { id: hex('01'), status: 'accepted', batchSeq: 3, receipt: { batch, proof: [hex('0b')] } } })
  })
})
