export type VerifierBackend = 'native' | 'js'
export type TypedDataItem = {
  domain: { name?: string; version?: string; chainId?: number | bigint | string; verifyingContract?: string; salt?: string }
  types: Record<string, readonly { name: string; type: string }[]>
  primaryType: string
  message: Record<string, unknown>
  signature: string
}
export type VerifyResult = { digest: string; signer: string; error?: undefined } | { digest?: string; signer?: undefined; error: string }
/** Items as one flat message to a worker thread (packItems). */
export type PackedItems = {
  count: number
  domains: TypedDataItem['domain'][]
  shapes: Array<{ types: TypedDataItem['types']; primaryType: string }>
  /** Per item: domain index, shape index, signature, then its message's field values in the type's order. */
  values: unknown[]
}
/** A packed chunk's results: 108 characters an item (0x digest, 0x signer), the failures apart. */
export type PackedResults = { results: string; failures: Array<[index: number, digest: string | null, error: string]> }
export type Verifier = {
  backend: VerifierBackend
  verifyOne(item: TypedDataItem): VerifyResult
  verifyMany(items: readonly TypedDataItem[]): VerifyResult[]
  /** verifyMany over packed items, answered packed (the worker threads' format). */
  verifyPacked(packed: PackedItems): PackedResults
  /** The EIP-712 digest alone (throws on a malformed value). */
  digestOf(item: Omit<TypedDataItem, 'signature'>): string
}
export class SignatureFormatError extends Error {}
export function packItems(items: readonly TypedDataItem[]): PackedItems
export function unpackResults(packed: PackedResults): VerifyResult[]
export function createVerifier(options?: { backend?: 'auto' | VerifierBackend }): Promise<Verifier>
