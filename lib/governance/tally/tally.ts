import { InvalidBallotError } from '../errors'
import { tallyApproval } from './approval'
import { tallyBasic } from './basic'
import { latestBallots } from './latest-ballots'
import { tallyQuadratic } from './quadratic'
import { tallyRankedChoice } from './ranked-choice'
import { tallySingleChoice } from './single-choice'
import type { TallyParameters, TallyResult } from './types'
import { tallyWeighted } from './weighted'

/**
 * Tallies a proposal's ballots by its voting type. Pure and exact (bigint throughout). Several
 * ballots of one voter count once: the latest (`latestBallots`), unless `unique` says they are already. A ballot that does not fit the
 * type or the choices throws `InvalidBallotError` naming it; a negative power throws too.
 */
export function tally({ type, choices, maxPicks, quorum, ballots, unique = false }: TallyParameters): TallyResult {
  if (!Number.isInteger(choices) || choices < 1) throw new InvalidBallotError('choices must be a whole number ≥ 1', { field: 'choices' })
  if (type === 'basic' && choices !== 3) throw new InvalidBallotError('basic voting has exactly 3 choices: For, Against, Abstain', { field: 'choices' })
  if (maxPicks !== undefined && (!Number.isInteger(maxPicks) || maxPicks < 1)) throw new InvalidBallotError('maxPicks must be a whole number ≥ 1', { field: 'maxPicks' })
  const counted = unique ? ballots : latestBallots(ballots)
  for (let i = 0; i < counted.length; i++) {
    if (counted[i]!.power < 0n) throw new InvalidBallotError(`ballot ${i}: power must not be negative`, { field: `[${i}].power`, ballot: i })
  }
  switch (type) {
    case 'basic':
      return tallyBasic({ ballots: counted, quorum })
    case 'single-choice':
      return tallySingleChoice({ choices, ballots: counted, quorum })
    case 'approval':
      return tallyApproval({ choices, maxPicks, ballots: counted, quorum })
    case 'weighted':
      return tallyWeighted({ choices, ballots: counted, quorum })
    case 'quadratic':
      return tallyQuadratic({ choices, ballots: counted, quorum })
    case 'ranked-choice':
      return tallyRankedChoice({ choices, ballots: counted, quorum })
    default:
      throw new InvalidBallotError(`unknown voting type ${String(type)}`, { field: 'type' })
  }
}
