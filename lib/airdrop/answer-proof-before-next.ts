import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Db } from '../db/types'
import { answerClaimProof } from './answer-claim-proof'

/** The proof route's URL, well-formed only: anything else (and every error) is left to Next's route. */
const PROOF_PATH = /^\/api\/campaigns\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/proof\/(0x[0-9a-fA-F]{40})$/

/**
 * Opt-in (PROOF_BEFORE_NEXT=1, `npm start` only): a node:http handler that answers
 * `GET /api/campaigns/:id/proof/:address` itself with the proof route's own answer
 * (`answerClaimProof`: the same body, ETag and caching), before Next parses or routes the request,
 * and hands every other request, and every proof request it cannot answer with 200 or 304 (not
 * eligible, malformed, unknown campaign: the route answers those), to `next`. Not for serverless
 * or `next start`, which only run the route: two entry points answer the same URL.
 */
export function answerProofBeforeNext(db: () => Db, next: (req: IncomingMessage, res: ServerResponse) => unknown) {
  return (req: IncomingMessage, res: ServerResponse): unknown => {
    const match = req.method === 'GET' ? PROOF_PATH.exec(req.url ?? '') : null
    if (!match) return next(req, res)
    return answerClaimProof(db(), {
      campaignId: match[1]!,
      account: match[2]!,
      ifNoneMatch: req.headers['if-none-match'],
    }).then(
      ({ status, headers, body }) => {
        res.writeHead(status, headers)
        res.end(body ?? undefined)
      },
      () => next(req, res),
    )
  }
}
