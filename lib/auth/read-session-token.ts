import { SESSION_COOKIE } from './schema'

/** A request, or Next's `cookies()` store in a server component. */
export type SessionTokenSource = Request | { get(name: string): { value: string } | undefined }

/** The admin session token from the request's cookies, if it sent one. */
export function readSessionToken(source: SessionTokenSource): string | undefined {
  if (!(source instanceof Request)) return source.get(SESSION_COOKIE)?.value || undefined
  for (const part of (source.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0 && part.slice(0, separator).trim() === SESSION_COOKIE) return part.slice(separator + 1).trim() || undefined
  }
  return undefined
}
