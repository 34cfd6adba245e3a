import { getAddress, type Address, type Hex } from 'viem'

export type DistributorCampaignSource = {
  id: string
  tokenAddress: string
  merkleRoot: string | null
  contentHash: string | null
  startAt: Date | null
  endAt: Date | null
  createdBy: string | null
}

export type DistributorCampaignOfReturnType = {
  campaign: { token: Address; merkleRoot: Hex; startTime: bigint; endTime: bigint; owner: Address; contentHash: Hex }
  /** CREATE2 salt: the campaign's UUID, left-padded to 32 bytes, so each campaign has its own address. */
  salt: Hex
}

/**
 * The factory's `createDistributor(campaign, salt)` arguments for a stored campaign whose tree is
 * built: times in unix seconds, the creating admin as owner. Undefined before the tree is ready.
 */
export function distributorCampaignOf(source: DistributorCampaignSource): DistributorCampaignOfReturnType | undefined {
  const { merkleRoot, contentHash, startAt, endAt, createdBy } = source
  if (!merkleRoot || !contentHash || !startAt || !endAt || !createdBy) return undefined
  return {
    campaign: {
      token: getAddress(source.tokenAddress),
      merkleRoot: merkleRoot as Hex,
      startTime: BigInt(Math.floor(startAt.getTime() / 1000)),
      endTime: BigInt(Math.floor(endAt.getTime() / 1000)),
      owner: getAddress(createdBy),
      contentHash: contentHash as Hex,
    },
    salt: `0x${source.id.replaceAll('-', '').padStart(64, '0')}`,
  }
}
