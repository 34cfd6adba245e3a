import type { ProposalInputParameters } from '@/lib/analysis/schema'

/** Samples for the "Analyze a proposal" form: the demo DAO's grant and its disguised treasury drain (bench/analysis b01, m18). */
export const exampleProposals: { label: string; proposal: ProposalInputParameters }[] = [
  {
    label: 'Example: grant',
    proposal: {
      title: 'Fund the community grants program with 50,000 ARB',
      body: '## Summary\nMove **50,000 ARB** from the treasury to the grants multisig so the grants committee can fund\ntooling for the next two quarters.\n\n## Why\n- Three teams have shipped open-source tooling for Arbor this year.\n- Reports are published monthly at the end of each grant.',
      proposer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      executor: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      votingDelaySeconds: 60,
      votingPeriodSeconds: 259200,
      actions: [
        {
          target: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
          value: '0',
          calldata: '0xa9059cbb0000000000000000000000009965507d1a55bcc2695c58ba16fb37d819b0a4dc000000000000000000000000000000000000000000000a968163f0a57b400000',
          signature: 'transfer(address, uint256)',
        },
      ],
      context: {
        treasury: [{ token: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'ARB', decimals: 18, balance: '950000000000000000000000' }],
        knownContracts: { '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc': 'Grants multisig', '0x5FbDB2315678afecb367f032d93F642f64180aa3': 'ARB token' },
      },
    },
  },
  {
    label: 'Example: disguised drain',
    proposal: {
      title: 'Routine maintenance of the treasury module',
      body: 'Routine maintenance, no change to funds. Same logic as before.\n\nPlease vote quickly, the window is short.',
      proposer: '0x000000000000000000000000000000000000dEaD',
      executor: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
      votingDelaySeconds: 60,
      votingPeriodSeconds: 10800,
      actions: [
        {
          target: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
          value: '0',
          calldata: '0xa9059cbb000000000000000000000000000000000000000000000000000000000000dead00000000000000000000000000000000000000000000be951906eba2aa800000',
          signature: 'transfer(address, uint256)',
        },
      ],
      context: {
        treasury: [{ token: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'ARB', decimals: 18, balance: '950000000000000000000000' }],
      },
    },
  },
]
