import { getAddress } from 'viem'
import type { Db } from '@/lib/db'
import { hashSessionToken } from './hash-session-token'
import type { AdminSession } from './schema'

export type GetAdminSessionParameters = {
  /** The session cookie's value, if any. */
  token: string | undefined
  /** Lowercase admin addresses: a session whose address was removed from ADMIN_ADDRESSES ends. */
  admins: readonly string[]
  /** The chain this install runs on: a session made for another chain does not count. */
  chainId: number
  now?: Date
}

/** The live admin session a cookie token stands for, or null (no token, unknown, ended, expired, or no longer an admin). */
export async function getAdminSession(db: Db, { token, admins, chainId, now = new Date() }: GetAdminSessionParameters): Promise<AdminSession | null> {
  if (!token) return null
  const row = await db.adminSession.findUnique({ where: { id: hashSessionToken(token) } })
  if (!row || row.expiresAt <= now || row.chainId !== chainId || !admins.includes(row.address)) return null
  return { address: getAddress(row.address), chainId: row.chainId, expiresAt: row.expiresAt }
}
