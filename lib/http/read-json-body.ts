import { BodyTooLargeError, InvalidJsonBodyError } from './errors'

export type ReadJsonBodyParameters = { limit: number }

/**
 * A request's JSON body, read up to `limit` bytes: more is a `BodyTooLargeError` (413) before the
 * rest is in memory; text that is not JSON is an `InvalidJsonBodyError` (422 naming `body`).
 */
export async function readJsonBody(request: Request, { limit }: ReadJsonBodyParameters): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > limit) {
    await request.body?.cancel().catch(() => {})
    throw new BodyTooLargeError(`the body is ${declared} bytes; the limit is ${limit}`, { limit })
  }
  const chunks: Uint8Array[] = []
  if (request.body) {
    const reader = request.body.getReader()
    let size = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > limit) {
        await reader.cancel().catch(() => {})
        throw new BodyTooLargeError(`the body is over the ${limit}-byte limit`, { limit })
      }
      chunks.push(value)
    }
  }
  const text = Buffer.concat(chunks).toString('utf8')
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new InvalidJsonBodyError(text.trim() === '' ? 'it is empty' : error instanceof Error ? error.message : String(error))
  }
}
