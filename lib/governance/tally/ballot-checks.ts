import { InvalidBallotError } from '../errors'

/** A choice number in 1..choices, else InvalidBallotError naming ballot `index`. */
export function checkChoice(value: unknown, choices: number, index: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > choices) {
    throw new InvalidBallotError(`ballot ${index}: choice must be a whole number from 1 to ${choices}`, { field: `[${index}].choice`, ballot: index })
  }
  return value
}

/** Distinct choice numbers, at least one and at most `max`. */
export function checkChoiceList(value: unknown, choices: number, index: number, max: number): readonly number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new InvalidBallotError(`ballot ${index}: choice must be a non-empty list of choice numbers`, { field: `[${index}].choice`, ballot: index })
  }
  if (value.length > max) {
    throw new InvalidBallotError(`ballot ${index}: at most ${max} choices may be picked`, { field: `[${index}].choice`, ballot: index, maxPicks: max })
  }
  let seen = 0n
  for (const c of value) {
    checkChoice(c, choices, index)
    const bit = 1n << BigInt(c)
    if (seen & bit) throw new InvalidBallotError(`ballot ${index}: choice ${c} appears twice`, { field: `[${index}].choice`, ballot: index })
    seen |= bit
  }
  return value as readonly number[]
}

/** `{ "<choice>": weight }` → parallel arrays of choices (ascending) and positive weights. */
export function checkWeights(value: unknown, choices: number, index: number): { picks: number[]; weights: number[] } {
  const field = `[${index}].choice`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidBallotError(`ballot ${index}: choice must be an object { "<choice>": weight }`, { field, ballot: index })
  }
  const picks: number[] = []
  const weights: number[] = []
  for (const key in value) {
    const weight = (value as Record<string, unknown>)[key]
    const choice = +key
    // "1".."choices", no sign, exponent, fraction or leading zero.
    if (!(Number.isInteger(choice) && choice >= 1 && choice <= choices) || key.charCodeAt(0) === 48 || key.length > 10 || /[^0-9]/.test(key)) {
      throw new InvalidBallotError(`ballot ${index}: "${key}" is not a choice number from 1 to ${choices}`, { field, ballot: index })
    }
    if (typeof weight !== 'number' || !Number.isSafeInteger(weight) || weight < 0) {
      throw new InvalidBallotError(`ballot ${index}: the weight of choice ${key} must be a whole number ≥ 0`, { field, ballot: index })
    }
    if (weight > 0) {
      picks.push(choice)
      weights.push(weight)
    }
  }
  if (picks.length === 0) throw new InvalidBallotError(`ballot ${index}: at least one weight must be above 0`, { field, ballot: index })
  return { picks, weights }
}
