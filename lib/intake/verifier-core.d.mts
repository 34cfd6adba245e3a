export type VerifierBackend = 'native' | 'js'
export type TypedDataItem = {
  domain: { name?: string; version?: string; chainId?: number | bigint | string; verifyingContract?: string; salt?: string }
  types: Record<string, readonly { name: string; type: string }[]>
  primaryType: string
  message: Record<string, unknown>
  signature: string
}
export type VerifyResult = { digest: string; signer: string; error?: undefined } | { digest?: string; signer?: undefined; error: string }
export type Verifier = {
  backend: VerifierBackend
  verifyOne(item: TypedDataItem): VerifyResult
  verifyMany(items: readonly TypedDataItem[]): VerifyResult[]
  /** The EIP-712 digest alone (throws on a malformed value). */
  digestOf(item: Omit<TypedDataItem, 'signature'>): string
}
export class SignatureFormatError extends Error {}
export function createVerifier(options?: { backend?: 'auto' | VerifierBackend }): Promise<Verifier>
