import { getAddress, type Address } from 'viem'
import { createSiweMessage, parseSiweMessage } from 'viem/siwe'
import { checkNonce } from './check-nonce'
import { InvalidSignInError, SignInRejectedError } from './errors'
import { ADMIN_SIWE_STATEMENT, CLOCK_SKEW_MS } from './schema'
import type { SiweBinding } from './siwe-binding-of'

export type CheckAdminSiweMessageParameters = {
  message: string
  /** This site, as the request reached it. */
  binding: Pick<SiweBinding, 'domain' | 'origin'>
  /** The chain this install runs on. */
  chainId: number
  /** The key nonces were issued with. */
  secret: string
  now?: Date
}

export type CheckAdminSiweMessageReturnType = { address: Address; nonce: string; chainId: number; issuedAt: Date }

const requiredFields = ['domain', 'address', 'uri', 'version', 'chainId', 'nonce', 'issuedAt'] as const

/**
 * Everything about a sign-in message except its signature: it is a canonical EIP-4361 message
 * (422 naming `message` otherwise), for this domain and origin, this chain and the admin purpose,
 * with a nonce this server issued in the last 10 minutes and no lapsed time bounds (401 naming the
 * field otherwise). Pure: no database, no chain.
 */
export function checkAdminSiweMessage({ message, binding, chainId, secret, now = new Date() }: CheckAdminSiweMessageParameters): CheckAdminSiweMessageReturnType {
  const parsed = parseSiweMessage(message)
  const missing = requiredFields.find((field) => parsed[field] === undefined)
  if (missing) throw new InvalidSignInError('message', `not an EIP-4361 sign-in message (no ${missing})`)
  // Re-serializing must give the same text: no trailing lines, odd dates or spacing hide anywhere.
  let canonical: string
  try {
    canonical = createSiweMessage(parsed as Parameters<typeof createSiweMessage>[0])
  } catch (error) {
    const reason = (error as { shortMessage?: string }).shortMessage ?? (error instanceof Error ? error.message : String(error))
    throw new InvalidSignInError('message', `not a valid EIP-4361 message (${reason})`)
  }
  if (canonical !== message) throw new InvalidSignInError('message', 'not in canonical EIP-4361 form (build it with createSiweMessage)')

  if (parsed.domain!.toLowerCase() !== binding.domain.toLowerCase()) {
    throw new SignInRejectedError('domain', `the message is for "${parsed.domain}", but this site is "${binding.domain}"`)
  }
  if (parsed.scheme !== undefined && `${parsed.scheme}:` !== new URL(binding.origin).protocol) {
    throw new SignInRejectedError('scheme', `the message is for ${parsed.scheme}://, but this site is ${binding.origin}`)
  }
  let uriOrigin: string
  try {
    uriOrigin = new URL(parsed.uri!).origin
  } catch {
    throw new InvalidSignInError('message', 'the URI line is not a URL')
  }
  if (uriOrigin.toLowerCase() !== binding.origin.toLowerCase()) {
    throw new SignInRejectedError('uri', `the message is for ${uriOrigin}, but this site is ${binding.origin}`)
  }
  if (parsed.chainId !== chainId) {
    throw new SignInRejectedError('chainId', `the message is for chain ${parsed.chainId}, but this install runs on chain ${chainId}`)
  }
  if (parsed.statement !== ADMIN_SIWE_STATEMENT) {
    throw new SignInRejectedError('statement', 'not an Arbor admin sign-in message (the statement differs)')
  }
  checkNonce({ nonce: parsed.nonce!, secret, now })
  const issuedAt = parsed.issuedAt!
  if (issuedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new SignInRejectedError('issuedAt', 'the message is dated in the future')
  if (parsed.expirationTime && now >= parsed.expirationTime) throw new SignInRejectedError('expirationTime', 'the message has expired; sign in again')
  if (parsed.notBefore && now < parsed.notBefore) throw new SignInRejectedError('notBefore', 'the message is not valid yet')
  return { address: getAddress(parsed.address!), nonce: parsed.nonce!, chainId, issuedAt }
}
