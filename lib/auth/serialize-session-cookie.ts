import { SESSION_COOKIE } from './schema'

export type SerializeSessionCookieParameters = {
  /** The token to set; null clears the cookie. */
  token: string | null
  expiresAt?: Date
  /** Secure when the site is served over https. */
  secure: boolean
  now?: Date
}

/** The Set-Cookie value of the session: HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it), Secure on https. */
export function serializeSessionCookie({ token, expiresAt, secure, now = new Date() }: SerializeSessionCookieParameters): string {
  const maxAge = token && expiresAt ? Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000)) : 0
  return [`${SESSION_COOKIE}=${token ?? ''}`, 'Path=/', `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Lax', ...(secure ? ['Secure'] : [])].join('; ')
}
