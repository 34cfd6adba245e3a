import { randomBytes } from 'node:crypto'
import { env } from '@/lib/env'

export type AdminAuthConfig = {
  /** Lowercase admin addresses. */
  admins: readonly string[]
  /** The nonce key. */
  secret: string
  chainId: number
  appUrl: string | undefined
  /** TRUST_PROXY: believe `x-forwarded-host` / `x-forwarded-proto`. */
  trustProxy: boolean
  /** Without APP_URL, sign-in may use a loopback Host: in development and on the local dev stack only. */
  allowLoopback: boolean
}

// Without SESSION_SECRET (development only: lib/env requires it in production when there are
// admins) nonces are signed with a key of this process; a restart invalidates unused nonces. On
// globalThis, because Next may load this module once per route bundle.
const cache = globalThis as typeof globalThis & { __arborNonceSecret?: string }

/** Admin sign-in settings from the environment: the edge the route handlers and the admin page read. */
export function getAdminAuthConfig(): AdminAuthConfig {
  return {
    admins: env.ADMIN_ADDRESSES,
    secret: env.SESSION_SECRET ?? (cache.__arborNonceSecret ??= randomBytes(32).toString('hex')),
    chainId: env.CHAIN_ID,
    appUrl: env.APP_URL,
    trustProxy: env.TRUST_PROXY,
    allowLoopback: env.NODE_ENV !== 'production' || env.ARBOR_DEV_STACK,
  }
}
