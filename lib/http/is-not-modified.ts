import fresh from 'next/dist/compiled/fresh'

export type ConditionalRequestHeaders = {
  /** The request's `If-None-Match`, if any. */
  ifNoneMatch: string | null | undefined
  /** The request's `Cache-Control`, if any. */
  cacheControl: string | null | undefined
}

/**
 * Whether a request's `If-None-Match` matches `etag` (a quoted strong validator, `"…"`), so the
 * answer is 304: as Express and Next's own pages decide it (`fresh`), a list of validators, weak
 * ones (`W/"…"`, compared weakly) and `*` match; a request with `Cache-Control: no-cache` never does.
 */
export function isNotModified({ ifNoneMatch, cacheControl }: ConditionalRequestHeaders, etag: string): boolean {
  if (!ifNoneMatch) return false
  return fresh({ 'if-none-match': ifNoneMatch, 'cache-control': cacheControl ?? undefined }, { etag })
}
