import { keccak256, stringToHex } from 'viem'
import type { ProposalInput } from './schema'

/** Bumped whenever rules, prompts or output change meaning: cached analyses with another version are stale. */
export const ANALYST_VERSION = 'arbor-analyst/2'

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    )
  }
  return value
}

/**
 * The cache key of an analysis: keccak256 over the analyst version and the proposal with keys
 * sorted (addresses are already normalised by the schema). Same content, same key; any change to
 * text, actions or context, or a new analyst version, a new key.
 */
export function hashProposalContent(input: ProposalInput, version: string = ANALYST_VERSION): `0x${string}` {
  return keccak256(stringToHex(JSON.stringify([version, canonical(input)])))
}
