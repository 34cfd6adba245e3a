import type { Address, Hex } from 'viem'
import { getClaimTypedData, type GetClaimTypedDataReturnType } from '@/lib/chain/claim-typed-data'
import { claimInputSchema } from '@/lib/intake/schema'

export type SubmitGaslessClaimParameters = {
  chainId: number
  distributor: Address
  index: number
  account: Address
  /** In the token's base units. */
  amount: bigint
  /** Where the tokens go; default `account`. */
  to?: Address
  /** Unix seconds after which the relayer may no longer submit it. */
  deadline: bigint
  proof: readonly Hex[]
  /** The wallet's `signTypedData` (wagmi's `signTypedDataAsync`). */
  signTypedData: (typedData: GetClaimTypedDataReturnType) => Promise<Hex>
  /** Default `globalThis.fetch`; `url` default `/api/claims`. */
  fetch?: typeof fetch
  url?: string
}

/** The intake's acknowledgement: the claim is committed and waits for a relayer batch. */
export type SubmitGaslessClaimReturnType = { id: Hex; status: string; batchSeq: number }

/** The intake refused the claim: `status` is the HTTP status, `field` the field it named, if any. */
export class ClaimSubmissionError extends Error {
  override name = 'ClaimSubmissionError'
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
    /** The server's error details, e.g. `winner`: the id of the claim that already holds this index (409). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

/**
 * Builds the EIP-712 claim, parses it with the intake's own schema (so the server cannot refuse
 * its shape), has the wallet sign it, and posts it to `POST /api/claims`. Browser-safe.
 * Throws what the wallet throws (a rejection included) or `ClaimSubmissionError`.
 */
export async function submitGaslessClaim({
  chainId,
  distributor,
  index,
  account,
  amount,
  to = account,
  deadline,
  proof,
  signTypedData,
  fetch: fetchImpl = globalThis.fetch,
  url = '/api/claims',
}: SubmitGaslessClaimParameters): Promise<SubmitGaslessClaimReturnType> {
  const typedData = getClaimTypedData({ chainId, distributor, index: BigInt(index), account, amount, to, deadline })
  const unsigned = {
    message: { index: String(index), account, amount: amount.toString(), to, deadline: deadline.toString() },
    domain: { chainId, verifyingContract: distributor, name: typedData.domain!.name, version: typedData.domain!.version },
    proof: [...proof],
  }
  // Checked before the wallet opens: a person should never sign something the server will refuse.
  const checked = claimInputSchema.safeParse({ ...unsigned, signature: `0x${'0'.repeat(130)}` })
  if (!checked.success) throw new ClaimSubmissionError(`The claim is malformed: ${checked.error.issues[0]?.message}`, 422, checked.error.issues[0]?.path.join('.'))
  const signature = await signTypedData(typedData)
  const body = claimInputSchema.parse({ ...unsigned, signature })
  const response = await fetchImpl(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  const answer = (await response.json().catch(() => ({}))) as { id?: Hex; status?: string; batchSeq?: number; error?: { message?: string; details?: { field?: string } & Record<string, unknown> } }
  if (!response.ok || !answer.id) {
    throw new ClaimSubmissionError(answer.error?.message ?? `The claim was not accepted (HTTP ${response.status}).`, response.status, answer.error?.details?.field, answer.error?.details)
  }
  return { id: answer.id, status: answer.status ?? 'accepted', batchSeq: answer.batchSeq ?? 0 }
}
