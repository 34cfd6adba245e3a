import { z } from 'zod'

/** Limits of one POST: the body in bytes and the number of messages in an array. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024
export const MAX_MESSAGES_PER_REQUEST = 1_000

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte 0x-hex address')
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes of 0x-hex')
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'expected a 65-byte 0x-hex signature')
/** uint as a decimal string or a safe integer; kept as a decimal string. */
const uint = (max: bigint) =>
  z
    .union([z.string().regex(/^[0-9]{1,78}$/, 'expected a decimal integer'), z.number().int().nonnegative()])
    .transform((value) => BigInt(value).toString())
    .refine((value) => BigInt(value) <= max, `out of range (max ${max})`)
const uint32 = 2n ** 32n - 1n
const uint64 = 2n ** 64n - 1n
const uint256 = 2n ** 256n - 1n

/** The domain a client may send along; the server checks it against the one it expects. */
export const domainSchema = z.object({
  chainId: z.number().int().positive(),
  verifyingContract: address,
  name: z.string().optional(),
  version: z.string().optional(),
})

/** Text Postgres cannot store: a NUL character (refused with 422 naming the field, not a 500). */
export const storableText = (max: number) =>
  z.string().max(max).refine((value) => !value.includes('\u0000'), 'must not contain a NUL character (\\u0000)')

/** The most entries a vote's `choices` or `weights` may hold. */
export const MAX_VOTE_CHOICES = 256

/**
 * One EIP-712 `Vote` for every voting type: the ballot is `choices` (1-based) with `weights`
 * (weighted and quadratic only, one per choice; empty otherwise). See lib/governance/README.md.
 */
export const voteMessageSchema = z.strictObject({
  voter: address,
  /** The proposal's id (uuid). */
  proposal: z.uuid(),
  /** basic, single-choice: [choice]; approval: the picks; ranked-choice: the ranking, best first; weighted, quadratic: the choices weighted. */
  choices: z.array(uint(uint32)).max(MAX_VOTE_CHOICES),
  /** weighted, quadratic: one weight per entry of `choices`; [] for the other types. */
  weights: z.array(uint(uint32)).max(MAX_VOTE_CHOICES).default([]),
  reason: storableText(2_000).default(''),
  /** Unix seconds when the voter signed: inside the proposal's [start, end]; the later vote of a voter counts. */
  timestamp: uint(uint64),
})

export const voteInputSchema = z.strictObject({
  message: voteMessageSchema,
  signature,
  domain: domainSchema.optional(),
})

export const claimMessageSchema = z.strictObject({
  index: uint(uint256),
  account: address,
  amount: uint(uint256),
  to: address,
  /** Unix seconds after which the claim is void; a uint256, as the contract takes it. */
  deadline: uint(uint256),
})

export const claimInputSchema = z.strictObject({
  message: claimMessageSchema,
  signature,
  /** Binds the claim to one chain and one distributor (hence one campaign). */
  domain: domainSchema,
  /** The Merkle proof of (index, account, amount) in the campaign's tree. */
  proof: z.array(bytes32).max(64),
})

export type VoteInput = z.infer<typeof voteInputSchema>

/** Decodes isHexOf's candidates; its contents are never read. */
const HEX_SCRATCH = Buffer.allocUnsafe(65)
/**
 * Whether `value` is `0x` + exactly `bytes` bytes of hex (either case), as /^0x[0-9a-fA-F]{2n}$/
 * tests, for `bytes` ≤ 65: Node's hex decoder stops at the first pair that is not hex, so a full
 * write means every pair is. About half the cost of the regular expression on a signature.
 */
function isHexOf(value: unknown, bytes: number): value is string {
  return (
    typeof value === 'string' &&
    value.length === 2 + 2 * bytes &&
    value.charCodeAt(0) === 48 && // 0
    value.charCodeAt(1) === 120 && // x
    HEX_SCRATCH.write(value.slice(2), 0, bytes, 'hex') === bytes
  )
}
/** A subset of what z.uuid() accepts (RFC 9562 versions 1-8, variant 10xx, lowercase); other forms go to the schema. */
const PLAIN_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
/** Decimal without leading zeros, up to 15 digits (exact as a double); larger or odd forms go to the schema. */
const PLAIN_UINT = /^(?:0|[1-9][0-9]{0,14})$/
const MESSAGE_KEYS = new Set(['voter', 'proposal', 'choices', 'weights', 'reason', 'timestamp'])

/** `uint(uint32)` of a list, for plain decimal strings only: the same strings, or undefined. */
function plainUint32s(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_VOTE_CHOICES) return undefined
  const out = new Array<string>(value.length)
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i]
    if (typeof item !== 'string' || !PLAIN_UINT.test(item) || Number(item) > 4_294_967_295) return undefined
    out[i] = item
  }
  return out
}

/**
 * voteInputSchema's output for the common well-formed vote (no `domain`, decimal strings as
 * signed, no U+0000), about 10x cheaper than the schema; undefined for anything else, which the
 * schema then parses (and names the field at fault). Never accepts what the schema refuses
 * (schema.test.ts compares the two).
 */
export function parseVoteInputFast(input: unknown): VoteInput | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined
  const { message, signature } = input as { message?: unknown; signature?: unknown }
  for (const key in input) if (key !== 'message' && key !== 'signature') return undefined
  if (!isHexOf(signature, 65)) return undefined
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined
  for (const key in message) if (!MESSAGE_KEYS.has(key)) return undefined
  const { voter, proposal, choices, weights, reason, timestamp } = message as Record<string, unknown>
  if (!isHexOf(voter, 20)) return undefined
  if (typeof proposal !== 'string' || !PLAIN_UUID.test(proposal)) return undefined
  if (typeof timestamp !== 'string' || !PLAIN_UINT.test(timestamp)) return undefined
  if (reason !== undefined && (typeof reason !== 'string' || reason.length > 2_000 || reason.includes('\u0000'))) return undefined
  const choiceList = plainUint32s(choices)
  const weightList = weights === undefined ? [] : plainUint32s(weights)
  if (!choiceList || !weightList) return undefined
  return { message: { voter, proposal, choices: choiceList, weights: weightList, reason: (reason as string | undefined) ?? '', timestamp }, signature }
}
export type ClaimInput = z.infer<typeof claimInputSchema>

export const messageIdSchema = bytes32.transform((id) => id.toLowerCase())
