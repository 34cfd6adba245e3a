import { describe, expect, it } from 'vitest'
import { voteArraysOf } from '../chain/vote-typed-data'
import { ballotFromVote } from './ballot-from-vote'

const vote = (choices: number[], weights: number[] = []) => ({ choices, weights })

describe('ballotFromVote', () => {
  it('reads each type from the one Vote struct, and voteArraysOf writes it back', () => {
    const cases = [
      { type: 'basic', ballot: 2, v: vote([2]) },
      { type: 'single-choice', ballot: 4, v: vote([4]) },
      { type: 'approval', ballot: [1, 3], v: vote([1, 3]) },
      { type: 'ranked-choice', ballot: [3, 1], v: vote([3, 1]) },
      { type: 'weighted', ballot: { 1: 2, 4: 1 }, v: vote([1, 4], [2, 1]) },
      { type: 'quadratic', ballot: { 2: 5 }, v: vote([2], [5]) },
    ] as const
    for (const { type, ballot, v } of cases) {
      expect(ballotFromVote({ type, choices: type === 'basic' ? 3 : 4, vote: v })).toEqual(ballot)
      expect(voteArraysOf(ballot)).toEqual(v)
    }
    // Zero weights are dropped; decimal strings (as posted) are read as numbers.
    expect(ballotFromVote({ type: 'weighted', choices: 4, vote: { choices: ['1', '2'], weights: ['0', '3'] } })).toEqual({ 2: 3 })
  })

  it('refuses ballots that do not fit the proposal, naming the field', () => {
    const field = (fn: () => unknown) => {
      try {
        fn()
      } catch (error) {
        return (error as { details?: { field?: string } }).details?.field
      }
      return 'accepted'
    }
    expect(field(() => ballotFromVote({ type: 'basic', choices: 3, vote: vote([4]) }))).toBe('message.choices')
    expect(field(() => ballotFromVote({ type: 'single-choice', choices: 3, vote: vote([1, 2]) }))).toBe('message.choices')
    expect(field(() => ballotFromVote({ type: 'single-choice', choices: 3, vote: vote([1], [1]) }))).toBe('message.weights')
    expect(field(() => ballotFromVote({ type: 'approval', choices: 4, maxPicks: 2, vote: vote([1, 2, 3]) }))).toBe('message.choices')
    expect(field(() => ballotFromVote({ type: 'approval', choices: 4, vote: vote([]) }))).toBe('message.choices')
    expect(field(() => ballotFromVote({ type: 'ranked-choice', choices: 4, vote: vote([2, 2]) }))).toBe('message.choices')
    expect(field(() => ballotFromVote({ type: 'weighted', choices: 4, vote: vote([1, 2], [1]) }))).toBe('message.weights')
    expect(field(() => ballotFromVote({ type: 'quadratic', choices: 4, vote: vote([1], [0]) }))).toBe('message.weights')
    expect(field(() => ballotFromVote({ type: 'ranked-choice', choices: 4, vote: vote([1, 2, 3, 4]) }))).toBe('accepted')
  })
})
