import { createHash } from 'node:crypto'

/** What `admin_sessions.token_hash` stores: sha256 of the cookie's token, 0x-hex. The token itself is never stored. */
export function hashSessionToken(token: string): `0x${string}` {
  return `0x${createHash('sha256').update(token).digest('hex')}`
}
