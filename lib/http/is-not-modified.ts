import fresh from 'next/dist/compiled/fresh'

/**
 * Whether a request's `If-None-Match` (header value, if any) matches `etag` (a quoted strong
 * validator, `"…"`), so the answer is 304: compared as Express and Next's own pages compare it
 * (`fresh`): a list of validators, weak ones (`W/"…"`, compared weakly) and `*` match.
 * The request's `Cache-Control: no-cache` is not consulted (fresh would then never answer 304):
 * it asks for validation by the origin, which this is (RFC 9111 5.2.1.4), and `fetch()` adds it to
 * every request that sets `If-None-Match` itself.
 */
export function isNotModified(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false
  return fresh({ 'if-none-match': ifNoneMatch }, { etag })
}
