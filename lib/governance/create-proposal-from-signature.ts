import { getAddress, recoverTypedDataAddress, type Address, type Hex, type PublicClient } from 'viem'
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { NotFoundError } from '@/lib/errors'
import { createProposal, type CreateProposalReturnType } from './create-proposal'
import { GovernanceInputError, NotAllowedToProposeError, parseGovernanceInput } from './errors'
import { getProposalTypedData } from './proposal-typed-data'
import { readVotingPower } from './read-voting-power'
import { text } from './schema'

const uint = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform((v) => BigInt(v))

export const signedProposalSchema = z.strictObject({
  message: z.strictObject({
    proposer: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an address'),
    space: text(60, 1),
    title: text(300, 1),
    body: text(100_000),
    votingType: z.string().max(20),
    choices: z.array(text(200, 1)).max(20),
    maxPicks: z.number().int().min(0).max(20),
    start: uint,
    end: uint,
    snapshot: uint,
    discussion: text(500),
    timestamp: uint,
  }),
  signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte signature'),
})

/** Seconds a signed proposal stays submittable. */
const MAX_AGE = 600

/**
 * A member's proposal, signed as an EIP-712 `Proposal` (see `proposal-typed-data.ts`): the
 * signature must be the proposer's, the space must let members propose, and the proposer's power
 * at the proposal's snapshot block (not the latest) must reach the space's threshold.
 * Throws `GovernanceInputError` (422), `NotAllowedToProposeError` (403), `NotFoundError` (404).
 */
export async function createProposalFromSignature(db: Db, client: PublicClient, { input, now = new Date() }: { input: unknown; now?: Date }): Promise<CreateProposalReturnType> {
  const { message, signature } = parseGovernanceInput(signedProposalSchema, input)
  const space = await db.space.findUnique({ where: { slug: message.space } })
  if (!space) throw new NotFoundError(`No space "${message.space}".`, { field: 'message.space' })
  const proposer = getAddress(message.proposer.toLowerCase()) as Address
  const typed = getProposalTypedData({ chainId: space.chainId, token: getAddress(space.tokenAddress), message: { ...message, proposer } })
  const signer = await recoverTypedDataAddress({ ...typed, signature: signature as Hex }).catch(() => undefined)
  if (signer !== proposer) throw new GovernanceInputError('signature', 'is not the proposer\'s signature over this proposal')
  const age = Math.floor(now.getTime() / 1000) - Number(message.timestamp)
  if (age > MAX_AGE || age < -300) throw new GovernanceInputError('message.timestamp', 'the signature is too old or in the future; sign again')
  const head = await client.getBlockNumber({ cacheTime: 0 })
  if (message.snapshot >= head) throw new GovernanceInputError('message.snapshot', `must be before the current block (${head}): voting power is read from complete blocks`)
  if (space.proposers !== 'members') throw new NotAllowedToProposeError('Only admins create proposals in this space.')
  const { power } = await readVotingPower(db, client, { space, snapshotBlock: message.snapshot, voter: proposer })
  const threshold = BigInt(space.proposalThreshold.toFixed())
  if (power < threshold || power === 0n) {
    throw new NotAllowedToProposeError(`At block ${message.snapshot} you had ${power} base units of voting power; proposing needs ${threshold}.`, { power: power.toString(), threshold: threshold.toString() })
  }
  return createProposal(db, client, {
    slug: space.slug,
    author: proposer,
    now,
    input: {
      title: message.title,
      body: message.body,
      votingType: message.votingType,
      choices: message.choices,
      ...(message.maxPicks > 0 ? { maxPicks: message.maxPicks } : {}),
      startAt: new Date(Number(message.start) * 1000),
      endAt: new Date(Number(message.end) * 1000),
      snapshotBlock: message.snapshot.toString(),
      discussionUrl: message.discussion,
    },
  })
}
