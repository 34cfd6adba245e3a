import fresh from 'next/dist/compiled/fresh'

/**
 * Whether `request`'s `If-None-Match` matches `etag` (a quoted strong validator, `"…"`), so the
 * answer is 304: as Express and Next's own pages decide it (`fresh`), a list of validators, weak
 * ones (`W/"…"`, compared weakly) and `*` match; a request with `Cache-Control: no-cache` never does.
 */
export function isNotModified(request: Request, etag: string): boolean {
  const ifNoneMatch = request.headers.get('if-none-match')
  if (ifNoneMatch === null) return false
  return fresh({ 'if-none-match': ifNoneMatch, 'cache-control': request.headers.get('cache-control') ?? undefined }, { etag })
}
