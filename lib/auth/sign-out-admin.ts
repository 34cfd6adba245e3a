import type { Db } from '@/lib/db'
import { hashSessionToken } from './hash-session-token'

export type SignOutAdminParameters = { token: string | undefined; now?: Date }

/**
 * Ends the session now. The row stays (expired) until its nonce is too old to present, so the
 * signed message that opened it cannot be replayed to open another; sign-in purges it after that.
 */
export async function signOutAdmin(db: Db, { token, now = new Date() }: SignOutAdminParameters): Promise<{ signedOut: boolean }> {
  if (!token) return { signedOut: false }
  const { count } = await db.adminSession.updateMany({ where: { id: hashSessionToken(token), expiresAt: { gt: now } }, data: { expiresAt: now } })
  return { signedOut: count > 0 }
}
