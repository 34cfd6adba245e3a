import { processProof } from '@openzeppelin/merkle-tree/dist/core'
import { standardLeafHash } from '@openzeppelin/merkle-tree/dist/hashes'
import { BaseError as ViemError, ContractFunctionRevertedError, encodeAbiParameters, type Address, type Hex, type PublicClient } from 'viem'
import { z } from 'zod'
import { iArborSettlementAbi } from '../../chain/contracts/IArborSettlement'
import type { VoteBallot } from '../../chain/vote-typed-data'
import { onChainProposalId, VOTE_LEAF_ENCODING, voteLeafValues } from './vote-leaf'

/**
 * Checks a vote receipt against the chain, trusting nothing Arbor computed: the leaf is rebuilt
 * from the vote's own fields (id, voter, ballot, voting power), the proof is walked with
 * OpenZeppelin's `@openzeppelin/merkle-tree` (the library anyone can run), and the root is read
 * from `ArborSettlement` through the RPC the caller chose (the wallet's provider in the browser,
 * `--rpc URL` in `arbor receipt verify`). No database and no Arbor API: the page and the CLI share it.
 *
 * - counted: the leaf under `proposalResult(keccak256(proposal uuid)).votesRoot`, and the contract's
 *   own `verifyVote` eth_call must agree.
 * - accepted, not yet counted: the message id under its intake batch root, then the batch under a
 *   checkpoint root read with `checkpoint(seq)` (and `verifyCheckpointEntry`); before the batch is
 *   in a posted checkpoint there is nothing on-chain yet (`pending`).
 * - superseded: no proof of counting; the result names the vote that counted.
 */

const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex')
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x address')
const decimal = z.string().regex(/^[0-9]{1,78}$/, 'expected a decimal string of base units')
const ballot = z.union([
  z.number().int().positive(),
  z.array(z.number().int().positive()),
  z.record(z.string().regex(/^[1-9][0-9]*$/), z.number().int().nonnegative()),
])

/** The receipt JSON (`GET /api/votes/[id]/receipt`, the page's download): what the verifier reads. */
export const voteReceiptSchema = z.object({
  vote: z.object({
    /** The signed message's id (EIP-712 digest): the leaf's first value. */
    id: bytes32,
    proposalId: z.string().regex(/^[0-9a-fA-F-]{36}$/, 'expected a uuid'),
    onChainProposalId: bytes32,
    voter: address,
    choice: ballot,
    /** Base units (wei), decimal. */
    votingPower: decimal,
    reason: z.string(),
    /** ISO 8601. */
    timestamp: z.string(),
  }),
  status: z.enum(['counted', 'superseded', 'accepted']),
  supersededBy: bytes32.optional(),
  leaf: z.object({ values: z.tuple([bytes32, address, bytes32, decimal]), hash: bytes32 }).optional(),
  proof: z.array(bytes32).optional(),
  votesRoot: bytes32.optional(),
  intake: z
    .object({
      message: z.object({ id: bytes32 }).loose(),
      batch: z.object({ id: z.number().int().nonnegative(), root: bytes32 }).loose(),
      proof: z.array(bytes32),
      checkpoint: z
        .object({
          seq: z.number().int().positive(),
          root: bytes32,
          leaf: z.object({ batchId: z.number().int().nonnegative(), batchRoot: bytes32 }),
          proof: z.array(bytes32),
        })
        .loose()
        .nullable(),
    })
    .loose()
    .optional(),
  settlement: z
    .object({
      chainId: z.number().int().positive(),
      /** null: no settlement contract configured (nothing to verify against). */
      address: address.nullable(),
      txHash: bytes32.nullish(),
      blockNumber: z.string().optional(),
      status: z.string(),
    })
    .loose(),
})

/** A receipt as the verifier reads it: the schema's output, any ballot array readonly (as `getVoteReceipt` returns it). */
export type VerifiableVoteReceipt = Omit<z.infer<typeof voteReceiptSchema>, 'vote'> & { vote: Omit<z.infer<typeof voteReceiptSchema>['vote'], 'choice'> & { choice: VoteBallot } }

/** Leaves of an intake batch (`lib/intake/batch-tree.ts`) and of a checkpoint (`lib/settlement/checkpoint-tree.ts`). */
const BATCH_LEAF_ENCODING = ['bytes32']
const CHECKPOINT_LEAF_ENCODING = ['uint256', 'bytes32']

export type VerifyStep = {
  /** What was checked, in words. */
  check: string
  /** true passed, false failed, null information only (what was read). */
  ok: boolean | null
  detail: string
}

export type VerifyOutcome =
  /** Counted: the leaf is under the votes root read from the chain, and the contract agrees. */
  | 'verified'
  /** The root read does not match the one the proof leads to, or the contract says no. */
  | 'not-included'
  /** `ArborSettlement` has no result for this proposal (yet). */
  | 'not-settled'
  /** Accepted, not yet counted: its intake batch is under a checkpoint root read from the chain. */
  | 'accepted'
  /** Accepted by the intake; its batch is not in a checkpoint posted on-chain yet. */
  | 'pending'
  /** Replaced by a later vote of the same voter: not counted. */
  | 'superseded'
  /** The RPC serves another chain than the settlement's. */
  | 'wrong-chain'
  /** The receipt contradicts itself (a proof missing, ids that do not match). */
  | 'invalid'

export type VerifyVoteReceiptResult = {
  outcome: VerifyOutcome
  /** `verified` (counted) or `accepted` (in an on-chain checkpoint, not yet counted). */
  verified: boolean
  /** One plain sentence. */
  summary: string
  /** The RPC asked (a URL, or "the wallet's provider"). */
  rpc: string
  /** The chain id the RPC answered, and the one the receipt names. */
  chainId?: number
  expectedChainId: number
  /** The block every read was made at. */
  blockNumber?: bigint
  settlement: Address
  /** Which root: the proposal's votes root, or an intake checkpoint's. */
  target?: { kind: 'votes-root'; onChainProposalId: Hex } | { kind: 'checkpoint'; seq: number }
  rootRead?: Hex
  rootComputed?: Hex
  /** The leaf recomputed from the vote's fields. */
  leafHash?: Hex
  /** The contract's own check (`verifyVote` / `verifyCheckpointEntry` eth_call). */
  contractAgrees?: boolean
  /** Milliseconds from the root being read to the local verdict (leaf recomputed, proof walked, compared). */
  verifyMs?: number
  steps: VerifyStep[]
}

export type VerifyVoteReceiptParameters = {
  client: PublicClient
  /** How to name the RPC in the result; default: the transport's URL, else "the wallet's provider". */
  rpc?: string
  /** A clock in ms (default `performance.now`). */
  now?: () => number
}

function rpcLabel(client: PublicClient): string {
  const transport = client.transport as { type?: string; url?: string }
  return transport.url ?? (transport.type === 'custom' ? "the wallet's provider" : (transport.type ?? 'an RPC'))
}

/** The custom error a read reverted with, or undefined for anything else (which is rethrown by the caller). */
function revertName(error: unknown): string | undefined {
  const reverted = error instanceof ViemError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined
}

const lower = (hex: string) => hex.toLowerCase()

/** The root a proof leads to, or undefined when a node is not 32 bytes (OZ throws). */
function walk(leaf: string, proof: readonly string[]): Hex | undefined {
  try {
    return processProof(leaf, [...proof]) as Hex
  } catch {
    return undefined
  }
}

/**
 * Verifies `receipt` against the chain `client` talks to. Reads (all at one block): the chain id,
 * the block number, then `proposalResult` or `checkpoint`, then the contract's own verify call.
 * Never throws for a receipt that does not verify: the result says why. RPC failures (network,
 * a server error) propagate as viem errors.
 */
export async function verifyVoteReceipt(receipt: VerifiableVoteReceipt, { client, rpc = rpcLabel(client), now = () => performance.now() }: VerifyVoteReceiptParameters): Promise<VerifyVoteReceiptResult> {
  const steps: VerifyStep[] = []
  const settlement = (receipt.settlement.address ?? '0x0000000000000000000000000000000000000000') as Address
  const expectedChainId = receipt.settlement.chainId
  const base = { rpc, expectedChainId, settlement, steps }
  const done = (outcome: VerifyOutcome, summary: string, extra: Partial<VerifyVoteReceiptResult> = {}): VerifyVoteReceiptResult => ({
    ...base,
    ...extra,
    outcome,
    verified: outcome === 'verified' || outcome === 'accepted',
    summary,
  })
  const { vote } = receipt

  if (receipt.status !== 'superseded' && receipt.settlement.address === null) {
    steps.push({ check: 'Settlement', ok: false, detail: 'The receipt names no ArborSettlement contract.' })
    return done('invalid', 'Nothing to verify against: this Arbor has no settlement contract configured.')
  }
  if (receipt.status === 'superseded') {
    steps.push({ check: 'Status', ok: false, detail: `Replaced by a later vote of the same voter${receipt.supersededBy ? ` (${receipt.supersededBy})` : ''}; only the latest vote counts.` })
    return done('superseded', `This vote was replaced by a later vote${receipt.supersededBy ? ` (${receipt.supersededBy})` : ''} and was not counted; there is no proof of counting to check.`)
  }

  const chainId = await client.getChainId()
  steps.push({ check: 'RPC', ok: null, detail: `Asked ${rpc}: chain id ${chainId}.` })
  if (chainId !== expectedChainId) {
    steps.push({ check: 'Chain', ok: false, detail: `The receipt was settled on chain ${expectedChainId}, this RPC serves chain ${chainId}.` })
    return done('wrong-chain', `Wrong network: the RPC serves chain ${chainId}, the receipt's settlement is on chain ${expectedChainId}.`, { chainId })
  }
  const blockNumber = await client.getBlockNumber({ cacheTime: 0 })
  steps.push({ check: 'Block', ok: null, detail: `Read at block ${blockNumber}.` })
  const at = { chainId, blockNumber }

  if (receipt.status === 'counted') {
    const proposalKey = onChainProposalId(vote.proposalId)
    if (lower(proposalKey) !== lower(vote.onChainProposalId)) {
      steps.push({ check: 'Proposal id', ok: false, detail: `keccak256("${vote.proposalId.toLowerCase()}") is ${proposalKey}, not the receipt's ${vote.onChainProposalId}.` })
      return done('invalid', "The receipt's on-chain proposal id is not the hash of its proposal id.", at)
    }
    if (!receipt.proof) {
      steps.push({ check: 'Proof', ok: false, detail: 'The receipt holds no proof of counting.' })
      return done('invalid', 'The receipt says counted but holds no proof.', at)
    }
    const target = { kind: 'votes-root' as const, onChainProposalId: proposalKey }
    let rootRead: Hex
    try {
      const result = await client.readContract({ address: settlement, abi: iArborSettlementAbi, functionName: 'proposalResult', args: [proposalKey], blockNumber })
      rootRead = result.votesRoot
    } catch (error) {
      if (revertName(error) !== 'ProposalNotSettled') throw error
      steps.push({ check: 'Votes root', ok: false, detail: `ArborSettlement at ${settlement} has no result for proposal ${proposalKey} at block ${blockNumber}.` })
      return done('not-settled', `The proposal is not settled on-chain at block ${blockNumber}: there is no root to check against yet.`, { ...at, target })
    }
    const started = now()
    const values = voteLeafValues({ id: vote.id as Hex, voter: vote.voter as Address, choice: vote.choice, votingPower: BigInt(vote.votingPower) })
    const leafHash = standardLeafHash([...VOTE_LEAF_ENCODING], values) as Hex
    const rootComputed = walk(leafHash, receipt.proof)
    const verifyMs = now() - started
    steps.push({ check: 'Votes root', ok: null, detail: `ArborSettlement at ${settlement}: proposalResult(${proposalKey}).votesRoot = ${rootRead}.` })
    if (receipt.leaf) {
      const same = lower(receipt.leaf.hash) === lower(leafHash) && receipt.leaf.values.every((value, i) => lower(String(value)) === lower(String(values[i])))
      steps.push({
        check: 'Leaf',
        ok: same,
        detail: same
          ? `Recomputed from the vote (id, voter, ballot hash ${values[2]}, power ${values[3]}): ${leafHash}, as the receipt says.`
          : `Recomputed from the vote: ${leafHash}; the receipt's leaf says ${receipt.leaf.hash}. The vote's fields were changed, or the leaf was.`,
      })
    } else {
      steps.push({ check: 'Leaf', ok: null, detail: `Recomputed from the vote (id, voter, ballot hash ${values[2]}, power ${values[3]}): ${leafHash}.` })
    }
    const included = rootComputed !== undefined && lower(rootComputed) === lower(rootRead)
    steps.push({
      check: 'Proof',
      ok: included,
      detail:
        rootComputed === undefined
          ? 'A proof node is not 32 bytes of hex.'
          : included
            ? `The ${receipt.proof.length}-node proof leads from the leaf to ${rootComputed}, the root read from the chain (${verifyMs.toFixed(1)} ms).`
            : `The ${receipt.proof.length}-node proof leads to ${rootComputed}, not the root on-chain ${rootRead}.`,
    })
    const encodedLeaf = encodeAbiParameters(VOTE_LEAF_ENCODING.map((type) => ({ type })), values)
    const contractAgrees = await client.readContract({ address: settlement, abi: iArborSettlementAbi, functionName: 'verifyVote', args: [proposalKey, encodedLeaf, receipt.proof as Hex[]], blockNumber })
    steps.push({ check: 'Contract', ok: contractAgrees, detail: `ArborSettlement.verifyVote(…) eth_call answered ${contractAgrees}.` })
    const extra = { ...at, target, rootRead, rootComputed, leafHash, contractAgrees, verifyMs }
    if (included && contractAgrees) return done('verified', `Verified on-chain: this vote is one of the counted votes under the root ArborSettlement holds for the proposal (block ${blockNumber}).`, extra)
    return done('not-included', included ? 'The proof leads to the root, but the contract does not accept it.' : `Not included: the vote's leaf does not lead to the root on-chain ${rootRead}.`, extra)
  }

  // accepted, not yet counted: intake batch, then the checkpoint posted on-chain
  const { intake } = receipt
  if (!intake) {
    steps.push({ check: 'Intake', ok: false, detail: 'The receipt holds no intake batch proof.' })
    return done('invalid', 'The receipt says accepted but holds no intake proof.', at)
  }
  if (lower(intake.message.id) !== lower(vote.id)) {
    steps.push({ check: 'Intake', ok: false, detail: `The intake receipt is for message ${intake.message.id}, not this vote ${vote.id}.` })
    return done('invalid', "The intake receipt is another message's.", at)
  }
  const { checkpoint } = intake
  if (!checkpoint) {
    const batchRoot = walk(standardLeafHash(BATCH_LEAF_ENCODING, [vote.id]), intake.proof)
    const inBatch = batchRoot !== undefined && lower(batchRoot) === lower(intake.batch.root)
    steps.push({ check: 'Batch', ok: inBatch, detail: inBatch ? `The vote's id leads to intake batch #${intake.batch.id}'s root ${intake.batch.root}.` : `The vote's id leads to ${batchRoot ?? 'nothing'}, not batch #${intake.batch.id}'s root ${intake.batch.root}.` })
    if (!inBatch) return done('invalid', "The vote is not under its intake batch's root.", at)
    steps.push({ check: 'Checkpoint', ok: null, detail: `Batch #${intake.batch.id} is not in a checkpoint posted on-chain yet.` })
    return done('pending', `Accepted, not yet counted: in intake batch #${intake.batch.id}, which is not in an on-chain checkpoint yet. Check again later.`, at)
  }
  const target = { kind: 'checkpoint' as const, seq: checkpoint.seq }
  let rootRead: Hex
  try {
    rootRead = (await client.readContract({ address: settlement, abi: iArborSettlementAbi, functionName: 'checkpoint', args: [BigInt(checkpoint.seq)], blockNumber })).root
  } catch (error) {
    if (revertName(error) !== 'CheckpointNotFound') throw error
    steps.push({ check: 'Checkpoint root', ok: null, detail: `ArborSettlement at ${settlement} has no checkpoint ${checkpoint.seq} at block ${blockNumber} yet.` })
    return done('pending', `Accepted, not yet counted: checkpoint ${checkpoint.seq} is not posted on-chain yet. Check again later.`, { ...at, target })
  }
  const started = now()
  const batchRoot = walk(standardLeafHash(BATCH_LEAF_ENCODING, [vote.id]), intake.proof)
  const inBatch = batchRoot !== undefined && lower(batchRoot) === lower(checkpoint.leaf.batchRoot) && checkpoint.leaf.batchId === intake.batch.id
  const leafHash = standardLeafHash(CHECKPOINT_LEAF_ENCODING, [BigInt(intake.batch.id), batchRoot ?? checkpoint.leaf.batchRoot]) as Hex
  const rootComputed = walk(leafHash, checkpoint.proof)
  const verifyMs = now() - started
  const included = inBatch && rootComputed !== undefined && lower(rootComputed) === lower(rootRead)
  steps.push({ check: 'Checkpoint root', ok: null, detail: `ArborSettlement at ${settlement}: checkpoint(${checkpoint.seq}).root = ${rootRead}.` })
  steps.push({
    check: 'Batch',
    ok: inBatch,
    detail: inBatch ? `The vote's id leads to intake batch #${intake.batch.id}'s root ${batchRoot}.` : `The vote's id leads to ${batchRoot ?? 'nothing'}, not the batch root the checkpoint holds (${checkpoint.leaf.batchRoot}).`,
  })
  steps.push({
    check: 'Proof',
    ok: rootComputed !== undefined && lower(rootComputed) === lower(rootRead),
    detail: `Batch #${intake.batch.id} leads to ${rootComputed ?? 'nothing'}${rootComputed !== undefined && lower(rootComputed) === lower(rootRead) ? ', the checkpoint root read from the chain' : `, not the checkpoint root on-chain ${rootRead}`} (${verifyMs.toFixed(1)} ms).`,
  })
  const encodedLeaf = encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }], [BigInt(intake.batch.id), (batchRoot ?? checkpoint.leaf.batchRoot) as Hex])
  const contractAgrees = await client.readContract({
    address: settlement,
    abi: iArborSettlementAbi,
    functionName: 'verifyCheckpointEntry',
    args: [BigInt(checkpoint.seq), encodedLeaf, checkpoint.proof as Hex[]],
    blockNumber,
  })
  steps.push({ check: 'Contract', ok: contractAgrees, detail: `ArborSettlement.verifyCheckpointEntry(…) eth_call answered ${contractAgrees}.` })
  const extra = { ...at, target, rootRead, rootComputed, leafHash, contractAgrees, verifyMs }
  if (!included || !contractAgrees) return done('not-included', `Not included: the vote's batch does not lead to checkpoint ${checkpoint.seq}'s root on-chain.`, extra)
  steps.push({ check: 'Counted', ok: null, detail: 'Accepted and logged on-chain; it is counted when the proposal settles.' })
  return done('accepted', `Accepted, not yet counted: verified on-chain in intake checkpoint ${checkpoint.seq} (block ${blockNumber}); it is counted when the proposal settles.`, extra)
}
