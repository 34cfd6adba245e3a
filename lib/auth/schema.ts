import { z } from 'zod'

/**
 * What crosses admin sign-in's boundary, and the constants that bind a sign-in message to its
 * purpose. Browser-safe: the sign-in form builds its message from these too.
 */

/** The statement every admin sign-in message carries: it names the purpose, so a signature for another app or purpose is refused. */
export const ADMIN_SIWE_STATEMENT =
  'Sign in to the Arbor admin dashboard. This proves you control this address; it sends no transaction and costs no gas.'

/** A nonce is good for 10 minutes after it was issued. */
export const NONCE_TTL_MS = 10 * 60 * 1000
/** A session lasts 8 hours. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000
/** Clocks of browser and server may differ this much. */
export const CLOCK_SKEW_MS = 60 * 1000

export const SESSION_COOKIE = 'arbor_admin_session'

/** POST /api/auth/verify. */
export const signInRequestSchema = z
  .object({
    message: z.string().min(1, 'must be the signed EIP-4361 message').max(4_000, 'is over 4,000 characters'),
    signature: z.string().regex(/^0x([0-9a-fA-F]{2})+$/, 'must be 0x-prefixed hex bytes').max(20_000),
  })
  .strict()
export type SignInRequest = z.infer<typeof signInRequestSchema>

/** GET /api/auth/nonce: what the browser needs to build the message. */
export type NonceResponse = { nonce: string; issuedAt: string; expiresAt: string; chainId: number; statement: string }

/** A signed-in admin, as the API and pages see it. */
export type AdminSession = { address: `0x${string}`; chainId: number; expiresAt: Date }
