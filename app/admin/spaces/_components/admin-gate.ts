import { cookies } from 'next/headers'
import { getAdminAuthConfig } from '@/lib/auth/get-admin-auth-config'
import { getAdminSession } from '@/lib/auth/get-admin-session'
import { readSessionToken } from '@/lib/auth/read-session-token'
import type { AdminSession } from '@/lib/auth/schema'
import { getDb } from '@/lib/db'

/** The admin session of the page's request, or null (the page then links to sign-in). */
export async function getPageAdminSession(): Promise<AdminSession | null> {
  const { admins, chainId } = getAdminAuthConfig()
  return getAdminSession(getDb(), { token: readSessionToken(await cookies()), admins, chainId })
}
