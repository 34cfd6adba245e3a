import type { Address } from 'viem'
import { createSiweMessage } from 'viem/siwe'
import { ADMIN_SIWE_STATEMENT } from './schema'

export type CreateAdminSiweMessageParameters = {
  address: Address
  chainId: number
  /** The site's host (`location.host`), port included. */
  domain: string
  /** The site's origin (`location.origin`). */
  uri: string
  nonce: string
  issuedAt: Date
  expirationTime?: Date
}

/**
 * The EIP-4361 message an admin signs: bound to this site (domain, URI), the chain, and the admin
 * purpose (the fixed statement). Browser-safe: the sign-in form and the tests both build it here.
 */
export function createAdminSiweMessage({ address, chainId, domain, uri, nonce, issuedAt, expirationTime }: CreateAdminSiweMessageParameters): string {
  return createSiweMessage({
    address,
    chainId,
    domain,
    uri,
    nonce,
    issuedAt,
    expirationTime,
    statement: ADMIN_SIWE_STATEMENT,
    version: '1',
  })
}
