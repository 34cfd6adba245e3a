import { InvalidBallotError } from './errors'
import type { BallotChoice, VotingType } from './tally/types'

export type BallotFromVoteParameters = {
  type: VotingType
  /** Number of the proposal's choices (basic: 3). */
  choices: number
  /** Approval: the most choices a ballot may pick; null or undefined: any number. */
  maxPicks?: number | null
  /** The signed `Vote`'s arrays, choices numbered from 1 (uint32 values, as numbers or decimal strings). */
  vote: { choices: readonly (number | string)[]; weights: readonly (number | string)[] }
}

/**
 * The ballot a signed `Vote` casts, checked against the proposal (throws `InvalidBallotError`
 * naming `message.choices` or `message.weights`). One EIP-712 struct serves every type:
 * - basic, single-choice: `choices: [c]`, `weights: []` → `c`;
 * - approval: `choices: [c…]` distinct, 1 to maxPicks of them, `weights: []` → `[c…]`;
 * - ranked-choice: `choices: [best, …]` distinct, a partial ranking allowed, `weights: []` → `[c…]`;
 * - weighted, quadratic: `choices: [c…]` distinct with `weights: [w…]` of the same length, at
 *   least one above 0 → `{ "<c>": w }`.
 */
export function ballotFromVote({ type, choices, maxPicks, vote }: BallotFromVoteParameters): BallotChoice {
  const picks = vote.choices.map(Number)
  const weights = vote.weights.map(Number)
  const fail = (message: string, field = 'message.choices') => new InvalidBallotError(message, { field, votingType: type })
  for (const c of picks) if (!Number.isInteger(c) || c < 1 || c > choices) throw fail(`each choice must be a number from 1 to ${choices}`)
  if (new Set(picks).size !== picks.length) throw fail('a choice may appear only once')
  const weighted = type === 'weighted' || type === 'quadratic'
  if (!weighted && weights.length > 0) throw fail(`${type} votes carry no weights`, 'message.weights')
  switch (type) {
    case 'basic':
    case 'single-choice':
      if (picks.length !== 1) throw fail(`a ${type} vote picks exactly one choice`)
      return picks[0]!
    case 'approval': {
      const max = maxPicks ?? choices
      if (picks.length < 1 || picks.length > max) throw fail(`an approval vote picks from 1 to ${max} choices`)
      return picks
    }
    case 'ranked-choice':
      if (picks.length < 1) throw fail('a ranked-choice vote ranks at least one choice')
      return picks
    default: {
      if (weights.length !== picks.length) throw fail('weights must have one entry per choice', 'message.weights')
      if (picks.length < 1 || !weights.some((w) => w > 0)) throw fail('at least one weight must be above 0', 'message.weights')
      const ballot: Record<string, number> = {}
      picks.forEach((c, i) => {
        if (weights[i]! > 0) ballot[String(c)] = weights[i]!
      })
      return ballot
    }
  }
}

/** The `voting_type` enum as stored (`single_choice`) → the tally's name (`single-choice`). */
export function votingTypeOf(stored: string): VotingType {
  return stored.replace(/_/g, '-') as VotingType
}
