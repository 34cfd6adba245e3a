import { getAddress, type Address } from 'viem'
import { z } from 'zod'

/**
 * Everything that crosses the analyst's boundary: the proposal it is given (the CLI contract of
 * `arbor analyze`), the analysis it returns, and the verdict a language model sends back.
 */

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x-prefixed 20-byte hex address')
  .transform((value) => getAddress(value.toLowerCase()) as Address)

const hexBytes = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, 'must be 0x-prefixed hex bytes (an even number of digits)')
  .transform((value) => value.toLowerCase() as `0x${string}`)

/** 2^256 − 1: the largest value an EVM word (an amount, a balance, a call value) can hold. */
export const maxUint256 = 2n ** 256n - 1n

/**
 * A uint256 as a decimal string (wei / base units): digits only, at most 2^256 − 1. Reusable
 * wherever a stored or submitted amount must be able to exist on-chain.
 */
export const uint256String = z
  .string()
  .regex(/^\d+$/, 'must be a decimal integer string (wei / base units)')
  .refine((value) => !/^\d+$/.test(value) || (value.length <= 78 && BigInt(value) <= maxUint256), 'must be at most 2^256 − 1 (the largest uint256): no such amount can exist on-chain')

const wei = uint256String
/**
 * A duration in seconds: a whole number up to 2^48 − 1, OpenZeppelin Governor's clock type
 * (uint48); anything larger (8.9 million years) cannot be a governance timing.
 */
const seconds = z.number().nonnegative().max(2 ** 48 - 1, 'must be at most 2^48 − 1 seconds (uint48)').int('must be a whole number of seconds')

export const actionInputSchema = z.object({
  target: address,
  value: wei.default('0'),
  calldata: hexBytes,
  /** A human-readable signature (`transfer(address,uint256)`) for calldata no built-in ABI knows. */
  signature: z.string().min(3).max(500).optional(),
})

export const treasuryEntrySchema = z.object({
  token: address,
  symbol: z.string().max(32).optional(),
  decimals: z.number().int().min(0).max(36).optional(),
  balance: wei,
})

export const proposalInputSchema = z.object({
  title: z.string().max(1_000),
  body: z.string().max(200_000),
  proposer: address.optional(),
  /** EIP-155 chain id: positive, at most 2^53 − 1 (what wallets and JSON-RPC carry exactly). */
  chainId: z.number().positive().max(Number.MAX_SAFE_INTEGER, 'must be at most 2^53 − 1').int().optional(),
  /** Extension: the account that executes the actions (timelock, Safe, treasury); simulation runs as it. */
  executor: address.optional(),
  actions: z.array(actionInputSchema).max(200),
  votingDelaySeconds: seconds.optional(),
  votingPeriodSeconds: seconds.optional(),
  timelockSeconds: seconds.optional(),
  context: z
    .object({
      treasury: z.array(treasuryEntrySchema).max(100).optional(),
      proposerVotingPowerAcquiredSecondsAgo: seconds.optional(),
      knownContracts: z.record(z.string(), z.string().max(200)).optional(),
    })
    .optional(),
})

export type ProposalInput = z.output<typeof proposalInputSchema>
/** What callers may pass: addresses in any case, `value` optional. */
export type ProposalInputParameters = z.input<typeof proposalInputSchema>
export type ActionInput = ProposalInput['actions'][number]
export type TreasuryEntry = z.output<typeof treasuryEntrySchema>

export const severities = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof severities)[number]
export const levels = ['low', 'medium', 'high', 'critical'] as const
export type Level = (typeof levels)[number]

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(severities),
  message: z.string(),
  evidence: z.string(),
})
export type Finding = z.infer<typeof findingSchema>

/** What an action does, as far as its calldata tells; `children` are the calls a batch or wrapper makes. */
export const actionKinds = [
  'native-transfer',
  'transfer',
  'approve',
  'mint',
  'ownership',
  'role',
  'upgrade',
  'initialize',
  'governance-setting',
  'batch',
  'delegatecall',
  'destroy',
  'pause',
  'oracle',
  'parameter',
  'unknown',
] as const
export type ActionKind = (typeof actionKinds)[number]

export type DecodedArgument = { name: string; type: string; value: unknown }

export type DecodedAction = {
  /** `1`, `2`… for the proposal's actions; `2.1` for the first call inside action 2. */
  index: string
  target: Address
  value: string
  /** The calldata as given (for nested calls, as the wrapper passes it). */
  calldata: `0x${string}`
  /** How the caller reaches the target: a plain call, or delegatecall (runs the target's code as the caller). */
  operation: 'call' | 'delegatecall'
  /** The account whose call this is: the executor for top-level actions, the wrapper for nested ones. */
  caller: Address | 'executor'
  selector: `0x${string}` | null
  signature: string | null
  functionName: string | null
  args: DecodedArgument[]
  /** Where the decoding came from. */
  source: 'known-abi' | 'signature' | 'unknown' | 'empty'
  kinds: ActionKind[]
  /** One plain-language line. */
  description: string
  children: DecodedAction[]
  /** Why the calldata did not decode, when it did not. */
  decodeError?: string
}

export const simulationSchema = z.object({
  forkedFrom: z.string(),
  blockNumber: z.string(),
  executor: z.string(),
  actions: z.array(
    z.object({
      index: z.string(),
      status: z.enum(['success', 'reverted', 'skipped']),
      gasUsed: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
  balanceChanges: z.array(
    z.object({
      account: z.string(),
      label: z.string().optional(),
      token: z.string(),
      symbol: z.string().optional(),
      before: z.string(),
      after: z.string(),
      delta: z.string(),
    }),
  ),
  code: z.array(
    z.object({
      address: z.string(),
      hasCode: z.boolean(),
      selfdestruct: z.boolean(),
      delegatecall: z.boolean(),
      /** EIP-1967 implementation behind a proxy target, scanned as well. */
      implementation: z.string().optional(),
      implementationSelfdestruct: z.boolean().optional(),
    }),
  ),
  /**
   * Addresses the actions wire in (given a power by a privileged setter, or imitating a known
   * address), as the fork sees them before the actions run. `deployedBlock` / `deployedSecondsBefore`
   * are set when the code appeared within the last 7 days before the fork block; `olderThanWindow`
   * when it is older; neither when the node could not say (not an archive node).
   */
  wired: z
    .array(
      z.object({
        address: z.string(),
        actionIndex: z.string(),
        argument: z.string(),
        power: z.string().optional(),
        expectsContract: z.boolean(),
        hasCode: z.boolean(),
        selfdestruct: z.boolean(),
        delegatecall: z.boolean(),
        deployedBlock: z.string().optional(),
        deployedSecondsBefore: z.number().optional(),
        olderThanWindow: z.boolean().optional(),
      }),
    )
    .optional(),
  /** Accounts that receive funds or allowances, as the fork sees them before the actions run. */
  recipients: z.array(z.object({ address: z.string(), hasCode: z.boolean(), nonce: z.number() })).optional(),
})
export type SimulationReport = z.infer<typeof simulationSchema>

export type Analysis = {
  summary: { tldr: string; bullets: string[] }
  riskScore: number
  level: Level
  findings: Finding[]
  actions: DecodedAction[]
  provider: string
  model?: string
  /** Set when the requested provider failed and the offline analyst answered instead. */
  fallback?: { from: string; reason: string }
  simulation?: SimulationReport
  /** The deterministic floor the rules set; `riskScore` is never below it. */
  ruleFloor: number
  analystVersion: string
  contentHash: `0x${string}`
}

/**
 * What the model must answer (OpenAI structured output), validated again here: a model that
 * ignores the schema is a failed call, not a partial result.
 */
export const modelVerdictSchema = z.object({
  tldr: z.string().min(1).max(600),
  bullets: z.array(z.string().min(1).max(400)).max(8),
  textMatchesActions: z.boolean(),
  mismatches: z
    .array(
      z.object({
        severity: z.enum(['low', 'medium', 'high', 'critical']),
        message: z.string().min(1).max(400),
        evidence: z.string().max(600),
      }),
    )
    .max(10),
  riskScore: z.number().int().min(0).max(100),
})
export type ModelVerdict = z.infer<typeof modelVerdictSchema>
