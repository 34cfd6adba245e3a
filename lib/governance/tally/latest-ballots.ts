import type { Ballot } from './types'

function outranks(a: Ballot, b: Ballot): boolean {
  const ta = BigInt(a.timestamp ?? 0)
  const tb = BigInt(b.timestamp ?? 0)
  if (ta !== tb) return ta > tb
  const ia = a.id ?? ''
  const ib = b.id ?? ''
  if (ia !== ib) return ia < ib
  // Same timestamp and id: a total order on the content keeps the result independent of order.
  const ka = `${a.power}|${JSON.stringify(a.choice)}`
  const kb = `${b.power}|${JSON.stringify(b.choice)}`
  return ka < kb
}

/**
 * One ballot per voter (voters compared case-insensitively): the latest timestamp counts, ties to
 * the smaller message id, as the intake engine decides. A re-vote replaces, never adds.
 */
export function latestBallots(ballots: readonly Ballot[]): readonly Ballot[] {
  const byVoter = new Map<string, number>()
  let replaced = false
  for (let i = 0; i < ballots.length; i++) {
    const voter = ballots[i]!.voter.toLowerCase()
    const held = byVoter.get(voter)
    if (held === undefined) byVoter.set(voter, i)
    else {
      replaced = true
      if (outranks(ballots[i]!, ballots[held]!)) byVoter.set(voter, i)
    }
  }
  if (!replaced) return ballots
  const kept: Ballot[] = []
  for (const i of byVoter.values()) kept.push(ballots[i]!)
  return kept
}
