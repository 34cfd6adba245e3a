import { randomBytes } from 'node:crypto'
import { hashMessage, type Client, type Hex } from 'viem'
import { verifyHash } from 'viem/actions'
import { Prisma, type Db } from '@/lib/db'
import { checkAdminSiweMessage } from './check-admin-siwe-message'
import { NotAdminError, SignInRejectedError } from './errors'
import { hashSessionToken } from './hash-session-token'
import { CLOCK_SKEW_MS, NONCE_TTL_MS, SESSION_TTL_MS, type AdminSession } from './schema'
import type { SiweBinding } from './siwe-binding-of'

export type SignInAdminParameters = {
  message: string
  signature: Hex
  binding: Pick<SiweBinding, 'domain' | 'origin'>
  chainId: number
  secret: string
  /** Lowercase admin addresses (ADMIN_ADDRESSES). */
  admins: readonly string[]
  now?: Date
}

export type SignInAdminReturnType = { token: string; session: AdminSession }

/**
 * Signs an admin in with a SIWE message: checks the message (site, chain, purpose, nonce), then
 * the signature (an EOA by recovery; a contract account by ERC-1271 / ERC-6492 through `client`),
 * then that the address is an admin, and stores a session under the hash of a fresh random token.
 * The nonce is used up by the session row's unique constraint, so a replay is refused.
 */
export async function signInAdmin(db: Db, client: Client, { message, signature, binding, chainId, secret, admins, now = new Date() }: SignInAdminParameters): Promise<SignInAdminReturnType> {
  const checked = checkAdminSiweMessage({ message, binding, chainId, secret, now })

  let valid: boolean
  try {
    valid = await verifyHash(client, { address: checked.address, hash: hashMessage(message), signature, mode: 'eoa' })
  } catch (error) {
    throw new SignInRejectedError('signature', 'could not be verified for this address', error)
  }
  if (!valid) throw new SignInRejectedError('signature', `not made by ${checked.address} over this message`)

  if (!admins.includes(checked.address.toLowerCase())) throw new NotAdminError(checked.address, { adminsConfigured: admins.length > 0 })

  // Rows whose nonce can no longer be presented are dropped: ended sessions stay until then, so
  // their nonces stay used.
  await db.adminSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - NONCE_TTL_MS - CLOCK_SKEW_MS) } } })

  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  try {
    await db.adminSession.create({
      data: { id: hashSessionToken(token), address: checked.address.toLowerCase(), chainId, nonce: checked.nonce, expiresAt, createdAt: now },
    })
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new SignInRejectedError('nonce', 'already used: each nonce signs in once; sign in again')
    }
    throw error
  }
  return { token, session: { address: checked.address, chainId, expiresAt } }
}
