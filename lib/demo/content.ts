/** The demo DAO that `npm run dev` seeds: plain data, so tests and the seed agree on it. */
export const demoSpace = {
  slug: 'arbor-dao',
  name: 'Arbor DAO',
  about:
    'The demo community of this Arbor install. Members hold ARB, vote with signed messages, and every counted vote settles on-chain as a Merkle root.',
  votingDelaySeconds: 60,
  votingPeriodSeconds: 3 * 24 * 60 * 60,
  quorum: '1000000000000000000000',
} as const

/** The demo airdrop: the anvil dev accounts and 40 other addresses (see lib/chain/deploy-demo-campaign). */
export const demoCampaignName = 'ARB community airdrop'

export const demoProposals = [
  {
    title: 'Fund the community grants program with 50,000 ARB',
    body: [
      '## Summary',
      'Move **50,000 ARB** from the treasury to the grants multisig so the grants committee can fund tooling for the next two quarters.',
      '',
      '## Why',
      '- Three teams have shipped open-source tooling for Arbor this year.',
      '- Reports are published monthly at the end of each grant.',
    ].join('\n'),
    choices: ['For', 'Against', 'Abstain'],
  },
  {
    title: 'Routine maintenance of the treasury module',
    body: [
      'Routine maintenance, no change to funds. Same logic as before.',
      '',
      'Please vote quickly, the window is short.',
    ].join('\n'),
    choices: ['For', 'Against', 'Abstain'],
  },
] as const
