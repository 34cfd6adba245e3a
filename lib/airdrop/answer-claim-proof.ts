import type { Db } from '../db/types'
import { isNotModified } from '../http/is-not-modified'
import { serveClaimProof } from './serve-claim-proof'

export type AnswerClaimProofParameters = {
  campaignId: string
  account: string
  /** The request's `If-None-Match`, if any. */
  ifNoneMatch?: string | null
}

export type AnswerClaimProofReturnType = {
  /** 200 with the claim's JSON, or 304 (no body) when the request's validator matches. */
  status: 200 | 304
  /** `content-type` (200 only), `etag` (the root's first 16 bytes and the claim's index), `cache-control`. */
  headers: Record<string, string>
  body: string | null
}

/**
 * The proof route's whole answer, framework-free (the route handler, and any server that answers
 * the same URL, write it out): `serveClaimProof`'s JSON with its ETag, cached forever once the
 * campaign is live, 5 s before. Throws as `getClaimProof` (`errorResponse` maps: 404, 422).
 */
export async function answerClaimProof(db: Db, { campaignId, account, ifNoneMatch }: AnswerClaimProofParameters): Promise<AnswerClaimProofReturnType> {
  const { index, body, root, immutable } = await serveClaimProof(db, { campaignId, account })
  const etag = `"${root.slice(2, 34)}-${index}"`
  const caching = immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=5, must-revalidate'
  if (isNotModified(ifNoneMatch, etag)) return { status: 304, headers: { etag, 'cache-control': caching }, body: null }
  return { status: 200, headers: { 'content-type': 'application/json', etag, 'cache-control': caching }, body }
}
