import { hashTypedData, recoverTypedDataAddress, zeroHash, type Address, type Hex, type PublicClient } from 'viem'
import { voteTypes } from '../../chain/vote-typed-data'
import { ballotFromVote, votingTypeOf } from '../ballot-from-vote'
import { arborSettlementAbi } from '../../chain/contracts/ArborSettlement'
import { verifyProof } from '../../merkle/verify-proof'
import type { VoteBallot } from '../../chain/vote-typed-data'
import { computeSettlement, OUTCOME_NAMES } from './compute-settlement'
import { SETTLED_EXPORT_FORMAT, type SettledProposalExport } from './export-settled-proposal'
import { ballotHash, onChainProposalId, VOTE_LEAF_ENCODING, type CountedVote } from './vote-leaf'

/** One audit check: what was compared, and whether it held. */
export type ExportCheck = { name: string; ok: boolean; detail: string }

const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase()

/**
 * Audits an export offline, from its own contents only (pure): each vote's leaf is its id, voter,
 * `ballotHash(choice)` and power, and its proof leads to the root; the votes tree rebuilt from the
 * votes gives `votesRoot`; the tally recomputed with the pure `tally` from the ballots and the
 * proposal's rules gives `tallyHash` and the outcome; `actionsHash` is recomputed from the actions
 * and the executor. A check per line; a tampered export fails at least one.
 */
export function checkSettledExport(exported: SettledProposalExport): ExportCheck[] {
  const checks: ExportCheck[] = []
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail })
  add('format', exported.format === SETTLED_EXPORT_FORMAT, `${exported.format} (expected ${SETTLED_EXPORT_FORMAT})`)
  if (exported.format !== SETTLED_EXPORT_FORMAT) return checks
  add('proposal id', same(onChainProposalId(exported.proposal.id), exported.proposal.onChainProposalId), `keccak256("${exported.proposal.id}") = ${onChainProposalId(exported.proposal.id)}`)
  add('leaf encoding', JSON.stringify(exported.leafEncoding) === JSON.stringify(VOTE_LEAF_ENCODING), exported.leafEncoding.join(', '))

  const votes: CountedVote[] = []
  let badLeaves = 0
  let badProofs = 0
  let firstBad = ''
  const voters = new Set<string>()
  for (const [i, vote] of exported.votes.entries()) {
    let expected: string[] = []
    try {
      expected = [vote.id, vote.voter, ballotHash(vote.choice as VoteBallot), BigInt(vote.votingPower).toString()]
    } catch {
      expected = []
    }
    if (expected.length === 0 || vote.leaf.length !== 4 || vote.leaf.some((value, k) => !same(value, expected[k]))) {
      badLeaves++
      firstBad ||= `vote ${i} (${vote.id}): its leaf is not (id, voter, ballotHash(choice), votingPower)`
    }
    let proved = false
    try {
      proved = verifyProof(exported.result.votesRoot, VOTE_LEAF_ENCODING, vote.leaf, vote.proof)
    } catch {
      proved = false
    }
    if (!proved) {
      badProofs++
      firstBad ||= `vote ${i} (${vote.id}): its proof does not lead to ${exported.result.votesRoot}`
    }
    voters.add(vote.voter.toLowerCase())
    try {
      votes.push({ id: vote.id, voter: vote.voter, choice: vote.choice as VoteBallot, votingPower: BigInt(vote.votingPower) })
    } catch {
      badLeaves++
    }
  }
  const n = exported.votes.length
  const signedCount = exported.votes.filter((vote) => vote.signed).length
  if (signedCount > 0) {
    const bad = exported.votes.map((vote, i) => (vote.signed ? signedMessageProblem(exported, vote) : undefined)?.replace(/^/, `vote ${i} (${vote.id}): `)).filter(Boolean)
    add(
      'signed messages',
      bad.length === 0,
      bad.length === 0
        ? `${signedCount} of ${n} votes carry their signed Vote (the rest were written without the intake): each hashes (EIP-712) to its id, names its voter and proposal, and casts its ballot`
        : `${bad.length} of ${signedCount} signed votes do not match their leaf; first: ${bad[0]}`,
    )
  }
  add('leaves', badLeaves === 0, badLeaves === 0 ? `${n} leaves are (id, voter, ballotHash(choice), votingPower)` : `${badLeaves} of ${n} leaves do not match their vote; first: ${firstBad}`)
  add('proofs', badProofs === 0, badProofs === 0 ? `${n} proofs lead to ${exported.result.votesRoot}` : `${badProofs} of ${n} proofs fail; first: ${firstBad}`)
  add('one vote per voter', voters.size === n, `${voters.size} voters, ${n} votes`)
  add('vote count', exported.result.voteCount === n, `${n} votes in the export, ${exported.result.voteCount} committed`)

  let computed: ReturnType<typeof computeSettlement> | undefined
  try {
    computed = computeSettlement(
      {
        proposalId: exported.proposal.id,
        votingType: exported.proposal.votingType,
        choiceCount: exported.proposal.choices.length,
        maxPicks: exported.proposal.maxPicks,
        quorum: BigInt(exported.proposal.quorum),
        actions: exported.proposal.actions,
        executor: exported.proposal.executor,
      },
      votes,
    )
  } catch (error) {
    add('tally', false, `the ballots cannot be tallied: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (computed) {
    add('votes root', same(computed.votesRoot, exported.result.votesRoot), `rebuilt from the votes: ${computed.votesRoot}; committed: ${exported.result.votesRoot}`)
    const scores = computed.tally.scores.map(String).join(', ')
    add('tally hash', same(computed.tallyHash, exported.result.tallyHash), `recomputed tally [${scores}], total ${computed.tally.total}, winner ${computed.tally.winner ?? 'none'}: ${computed.tallyHash}; committed: ${exported.result.tallyHash}`)
    add('outcome', OUTCOME_NAMES[computed.outcome] === exported.result.outcome, `recomputed ${OUTCOME_NAMES[computed.outcome]}; committed ${exported.result.outcome}`)
    add('actions hash', same(computed.actionsHash, exported.result.actionsHash), `recomputed ${computed.actionsHash === zeroHash ? '0x0 (no executable actions)' : computed.actionsHash}; committed ${exported.result.actionsHash}`)
  }
  return checks
}

type SignedVote = SettledProposalExport['votes'][number]

/** The typed data of a logged `Vote` (numbers as the struct's types want them). */
function typedVote(exported: SettledProposalExport, message: Record<string, unknown>) {
  const m = message as { voter: Address; proposal: string; choices: (number | string)[]; weights: (number | string)[]; reason?: string; timestamp: number | string }
  return {
    domain: exported.voteDomain,
    types: voteTypes,
    primaryType: 'Vote' as const,
    message: { voter: m.voter, proposal: m.proposal, choices: m.choices.map(Number), weights: m.weights.map(Number), reason: m.reason ?? '', timestamp: BigInt(m.timestamp) },
  }
}

/** Why a vote's signed message does not back its leaf, or undefined when it does. */
function signedMessageProblem(exported: SettledProposalExport, vote: SignedVote): string | undefined {
  try {
    const typed = typedVote(exported, vote.signed!.message)
    if (hashTypedData(typed) !== vote.id.toLowerCase()) return 'its signed message does not hash to its id'
    if (!same(typed.message.voter, vote.voter)) return `its signed message is from ${typed.message.voter}, not ${vote.voter}`
    if (!same(typed.message.proposal, exported.proposal.id)) return `its signed message is for proposal ${typed.message.proposal}`
    const ballot = ballotFromVote({ type: votingTypeOf(exported.proposal.votingType), choices: exported.proposal.choices.length, maxPicks: exported.proposal.maxPicks, vote: typed.message })
    if (ballotHash(ballot) !== ballotHash(vote.choice as VoteBallot)) return 'its signed message casts another ballot'
    return undefined
  } catch (error) {
    return `its signed message cannot be read: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
}

/**
 * Recovers each signed vote's signer (secp256k1, a few ms a vote): every signature must be its
 * voter's. A contract wallet (ERC-1271) cannot be checked offline and shows as a mismatch.
 */
export async function checkSettledExportSignatures(exported: SettledProposalExport): Promise<ExportCheck> {
  const signed = exported.votes.filter((vote) => vote.signed)
  let bad = 0
  let first = ''
  for (const vote of signed) {
    let signer = ''
    try {
      signer = await recoverTypedDataAddress({ ...typedVote(exported, vote.signed!.message), signature: vote.signed!.signature })
    } catch {
      signer = ''
    }
    if (!same(signer, vote.voter)) {
      bad++
      first ||= `${vote.id}: signed by ${signer || 'nobody (unreadable signature)'}, not ${vote.voter}`
    }
  }
  return {
    name: 'signatures',
    ok: bad === 0,
    detail: signed.length === 0 ? 'no vote carries a signed message (written without the intake): nothing to recover' : bad === 0 ? `${signed.length} signatures recovered to their voters` : `${bad} of ${signed.length} signatures are not their voter's (or are a contract wallet's); first: ${first}`,
  }
}

type OnChain = { votesRoot: Hex; tallyHash: Hex; voteCount: bigint; settledAt: bigint; outcome: number; actionsHash: Hex }

/**
 * The on-chain half of the audit: the RPC's chain id is the export's, and
 * `ArborSettlement.proposalResult(onChainProposalId)` at the export's address holds the export's
 * votes root, tally hash, vote count, outcome and actions hash.
 */
export async function checkSettledExportOnChain(
  exported: SettledProposalExport,
  client: Pick<PublicClient, 'readContract' | 'getChainId'>,
): Promise<ExportCheck[]> {
  const checks: ExportCheck[] = []
  const chainId = await client.getChainId()
  checks.push({ name: 'chain', ok: chainId === exported.settlement.chainId, detail: `the RPC serves chain ${chainId}; the export was settled on ${exported.settlement.chainId}` })
  let result: OnChain
  try {
    result = (await client.readContract({
      address: exported.settlement.address as Address,
      abi: arborSettlementAbi,
      functionName: 'proposalResult',
      args: [onChainProposalId(exported.proposal.id)],
    })) as OnChain
  } catch (error) {
    checks.push({ name: 'on-chain result', ok: false, detail: `proposalResult(${onChainProposalId(exported.proposal.id)}) at ${exported.settlement.address}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` })
    return checks
  }
  const at = `ArborSettlement ${exported.settlement.address}`
  checks.push({ name: 'on-chain votes root', ok: same(result.votesRoot, exported.result.votesRoot), detail: `${at} holds ${result.votesRoot}` })
  checks.push({ name: 'on-chain tally hash', ok: same(result.tallyHash, exported.result.tallyHash), detail: `${at} holds ${result.tallyHash}` })
  checks.push({ name: 'on-chain vote count', ok: Number(result.voteCount) === exported.result.voteCount, detail: `${at} holds ${result.voteCount}` })
  checks.push({ name: 'on-chain outcome', ok: OUTCOME_NAMES[result.outcome] === exported.result.outcome, detail: `${at} holds ${OUTCOME_NAMES[result.outcome] ?? result.outcome}` })
  checks.push({ name: 'on-chain actions hash', ok: same(result.actionsHash, exported.result.actionsHash), detail: `${at} holds ${result.actionsHash}` })
  return checks
}
