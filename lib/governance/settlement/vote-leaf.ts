import { encodeAbiParameters, keccak256, toBytes, type Address, type Hex } from 'viem'
import { voteArraysOf, type VoteBallot } from '../../chain/vote-typed-data'
import type { TallyResult } from '../tally/types'

/**
 * What a settled proposal commits on-chain (`ArborSettlement.settleProposal`), and how anyone
 * recomputes it: the proposal's on-chain id, one Merkle leaf per counted vote, the tally's hash and
 * the hash of the actions a passed proposal may execute. Every encoding is plain ABI, so Solidity,
 * `@openzeppelin/merkle-tree` and `arbor tally verify` compute the same bytes.
 */

/**
 * The proposal's id in `ArborSettlement`: `keccak256(bytes(uuid))`, the hash of the lowercase uuid
 * string the voters signed as `Vote.proposal`. Shape: 0x + 64 hex.
 */
export function onChainProposalId(proposalUuid: string): Hex {
  return keccak256(toBytes(proposalUuid.toLowerCase()))
}

/**
 * ABI types of a vote leaf, in OpenZeppelin's standard encoding
 * (`keccak256(bytes.concat(keccak256(abi.encode(id, voter, ballotHash, votingPower))))`):
 * the signed message's id (its EIP-712 digest), the voter, the ballot's hash, the voting power in
 * the token's base units (wei).
 */
export const VOTE_LEAF_ENCODING = ['bytes32', 'address', 'bytes32', 'uint256'] as const

/** A counted vote as the votes tree holds it. */
export type CountedVote = {
  /** The signed message's id: its EIP-712 digest, 0x + 64 hex. */
  id: Hex
  voter: Address
  /** The ballot as the tally reads it (`votes.choice`). */
  choice: VoteBallot
  /** Base units (wei). */
  votingPower: bigint
}

/**
 * `keccak256(abi.encode(uint32[] choices, uint32[] weights))` of the ballot's canonical arrays
 * (`voteArraysOf`): the choice, the picks or the ranking in order, and for weighted and quadratic
 * ballots the choices in ascending order with their non-zero weights. The same ballot always
 * hashes the same, however its signer ordered the weights.
 */
export function ballotHash(choice: VoteBallot): Hex {
  const { choices, weights } = voteArraysOf(choice)
  return keccak256(encodeAbiParameters([{ type: 'uint32[]' }, { type: 'uint32[]' }], [choices, weights]))
}

/** The leaf values of a counted vote, in `VOTE_LEAF_ENCODING` order. */
export function voteLeafValues(vote: CountedVote): [Hex, Address, Hex, bigint] {
  return [vote.id, vote.voter, ballotHash(vote.choice), vote.votingPower]
}

/**
 * `keccak256(abi.encode(string votingType, uint256[] scores, uint256 total, uint256 voters, uint256 winner))`,
 * `winner` 0 when there is none. Shapes as `TallyResult`: scores and total in base units.
 */
export function tallyHash(tally: Pick<TallyResult, 'type' | 'scores' | 'total' | 'voters' | 'winner'>): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'uint256[]' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }],
      [tally.type, tally.scores, tally.total, BigInt(tally.voters), BigInt(tally.winner ?? 0)],
    ),
  )
}

/** One on-chain action of a proposal: a call from the DAO's timelock. `value` in wei. */
export type ProposalAction = { target: Address; value: bigint; calldata: Hex }

/**
 * `keccak256(abi.encode(address executor, address[] targets, uint256[] values, bytes[] calldatas))`:
 * binds a passed proposal's actions to the one `ArborExecutor` (and so the one treasury) that may
 * run them, so the same proposal id cannot move another DAO's funds.
 */
export function actionsHash(executor: Address, actions: readonly ProposalAction[]): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'address[]' }, { type: 'uint256[]' }, { type: 'bytes[]' }],
      [executor, actions.map((a) => a.target), actions.map((a) => a.value), actions.map((a) => a.calldata)],
    ),
  )
}

/** `ArborSettlement.Outcome`: `None` for anything but a basic proposal with actions. */
export const Outcome = { None: 0, Passed: 1, Failed: 2 } as const
export type Outcome = (typeof Outcome)[keyof typeof Outcome]
