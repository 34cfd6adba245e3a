import { concat, encodeFunctionData, encodePacked, keccak256, parseAbiItem, parseUnits, size, stringToHex, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { createAddressBook } from '../address-book'
import { classifyAddresses, knownAddressesOf } from '../classify-addresses'
import { decodeActions } from '../decode-actions'
import { flattenActions } from '../flatten-actions'
import { listFundMovements } from '../list-fund-movements'
import { parseProposal } from '../parse-proposal'
import type { ProposalInputParameters } from '../schema'
import type { SimulationReport } from '../schema'
import { addressWiring, formatShare, outflowSeverity, treasuryOutflow, wiredCode, type Rule } from '.'

const fn = (signature: string, args: readonly unknown[] = []): Hex => encodeFunctionData({ abi: [parseAbiItem(`function ${signature}`)], args } as never)
const executor = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const vault = '0x1111111111111111111111111111111111111111'
const registry = '0xa0b1c2d3E4F5a6b7c8D9E0F1a2b3C4D5e6F7A8b0'
const fake = '0xa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9'
const stranger = '0x2bce8e4b1c84e0b5a6f1b3c2d8e7f6a5b4c3d2e1'
const safe = '0x849D52316331967b6fF1198e5E32A0eB168D039d'
const knownContracts = { [vault]: 'Vault', [registry]: 'Registry', [safe]: 'DAO Safe' }

function run(rule: Rule, proposal: Partial<ProposalInputParameters>) {
  const input = parseProposal({ title: 'A proposal', body: '', actions: [], executor, context: { knownContracts }, ...proposal })
  const actions = flattenActions(decodeActions(input))
  return rule({ input, actions, movements: listFundMovements(actions), book: createAddressBook(input) })
}
const setRegistry = (address: string) => ({ target: vault, value: '0', signature: 'setRegistry(address)', calldata: fn('setRegistry(address)', [address]) })
const safeExec = (to: string, data: Hex, operation = 0) =>
  fn('execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)', [
    to, 0n, data, operation, 0n, 0n, 0n, '0x0000000000000000000000000000000000000000', '0x0000000000000000000000000000000000000000', '0x',
  ])

describe('classifyAddresses', () => {
  it('known, look-alike and unknown, through arrays and tuples', () => {
    const input = parseProposal({ title: 't', body: '', executor, actions: [{
      target: vault, value: '0', signature: 'configure(address[] list, (address feeTo, uint256 fee) config)',
      calldata: fn('configure(address[] list, (address feeTo, uint256 fee) config)', [[registry, fake], { feeTo: stranger, fee: 1n }]),
    }], context: { knownContracts } })
    const book = createAddressBook(input)
    const classes = classifyAddresses({ actions: flattenActions(decodeActions(input)), book, known: knownAddressesOf(book, input) })
    expect(classes.map((c) => [c.argument, c.class])).toEqual([['list[0]', 'known'], ['list[1]', 'lookalike'], ['config.feeTo', 'unknown']])
    expect(classes[1]!.imitates).toMatchObject({ known: registry.toLowerCase(), label: 'Registry', prefix: 39 })
    expect(classes[2]!.power?.power).toBe('fee recipient')
  })
})

describe('addressWiring', () => {
  it('known: the genuine registry raises nothing', () => {
    expect(run(addressWiring, { actions: [setRegistry(registry)] })).toEqual([])
  })

  it('look-alike: high, naming both addresses and the power', () => {
    const [finding, ...rest] = run(addressWiring, { actions: [setRegistry(fake)] })
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ rule: 'address-wiring', severity: 'high' })
    expect(finding!.message).toMatch(/new registry 0xa0B1…a8B9 .* imitates the known Registry 0xa0b1…A8b0: it shares the first 39 hex digits/i)
    expect(finding!.evidence).toContain('0xa0b1c2d3E4F5a6b7c8D9E0F1a2b3C4D5e6F7A8b0')
    expect(finding!.evidence.toLowerCase()).toContain(fake)
  })

  it('look-alike anywhere: a transfer recipient inside a Safe execTransaction, a Safe owner swap in a multiSend', () => {
    const token = '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'
    const nested = run(addressWiring, { actions: [{ target: safe, value: '0', calldata: safeExec(token, fn('transfer(address to, uint256 amount)', [fake, 1n])) }], context: { knownContracts: { ...knownContracts, [token]: 'USDC' } } })
    expect(nested).toEqual([expect.objectContaining({ severity: 'high', message: expect.stringMatching(/to of transfer\(address,uint256\) \(action 1\.1\) imitates the known Registry/) })])
    const owner = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    const ownerLookalike = '0x70997970c51812dc3a010c7d01b50e0d17dc79c9'
    const packed = concat([encodePacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [0, safe, 0n, BigInt(size(fn('swapOwner(address prevOwner, address oldOwner, address newOwner)', [owner, owner, ownerLookalike]))), fn('swapOwner(address prevOwner, address oldOwner, address newOwner)', [owner, owner, ownerLookalike])])])
    const multisend = '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D'
    const swap = run(addressWiring, { actions: [{ target: safe, value: '0', calldata: safeExec(multisend, fn('multiSend(bytes transactions)', [packed]), 1) }], context: { knownContracts: { ...knownContracts, [owner]: 'Signer Alice', [multisend]: 'MultiSend' } } })
    expect(swap).toEqual([expect.objectContaining({ severity: 'high', message: expect.stringMatching(/new owner .*newOwner of swapOwner.*\(action 1\.1\.1\) imitates the known Signer Alice/) })])
  })

  it('unknown in a privileged setter: medium, saying what power it receives', () => {
    for (const [signature, power] of [['setRegistry(address)', 'registry'], ['setRouter(address)', 'router'], ['setFeeCollector(address)', 'fee recipient'], ['setPoolManager(address)', 'manager']] as const) {
      const findings = run(addressWiring, { actions: [{ target: vault, value: '0', signature, calldata: fn(signature, [stranger]) }] })
      expect(findings).toEqual([expect.objectContaining({ severity: 'medium', message: expect.stringContaining(`receives the ${power} power`) })])
    }
  })

  it('unknown outside a setter is left to the other rules; grants already reported by privileged-change are not repeated', () => {
    expect(run(addressWiring, { actions: [{ target: vault, value: '0', calldata: fn('transfer(address to, uint256 amount)', [stranger, 1n]) }] })).toEqual([])
    expect(run(addressWiring, { actions: [{ target: vault, value: '0', calldata: fn('grantRole(bytes32 role, address account)', [keccak256(stringToHex('MINTER_ROLE')), stranger]) }] })).toEqual([])
  })

  it('a look-alike inside calldata no ABI decodes is still found (address-shaped words)', () => {
    const opaque = fn('setRouter(address)', [fake]) // no signature given: selector unknown
    const findings = run(addressWiring, { actions: [{ target: vault, value: '0', calldata: opaque }] })
    expect(findings).toEqual([expect.objectContaining({ severity: 'high', message: expect.stringMatching(/word 0 \(undecoded\).* imitates the known Registry/) })])
  })

  it('a target that imitates a known contract is high', () => {
    const findings = run(addressWiring, { actions: [{ target: fake, value: '0', calldata: fn('pause()') }] })
    expect(findings).toEqual([expect.objectContaining({ severity: 'high', message: expect.stringMatching(/Action 1 calls 0xa0B1…a8B9, which imitates the known Registry 0xa0b1…A8b0/) })])
  })
})

describe('treasury share: printed with the precision the 5% threshold needs', () => {
  const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
  const outflow = (amount: string) =>
    run(treasuryOutflow, {
      actions: [{ target: token, value: '0', calldata: fn('transfer(address to, uint256 amount)', [registry, parseUnits(amount, 18)]) }],
      context: { knownContracts, treasury: [{ token, symbol: 'ARB', decimals: 18, balance: parseUnits('10000', 18).toString() }] },
    })[0]!

  it('4.99% is low and reads "4.99%"; 5.01% is medium and reads "5.01%"; exactly 5% is medium', () => {
    expect(outflow('499')).toMatchObject({ severity: 'low', message: expect.stringContaining('4.99% of the treasury') })
    expect(outflow('501')).toMatchObject({ severity: 'medium', message: expect.stringContaining('5.01% of the treasury') })
    expect(outflow('500')).toMatchObject({ severity: 'medium', message: expect.stringContaining('5.0% of the treasury') })
    expect(outflow('499.99')).toMatchObject({ severity: 'low', message: expect.stringContaining('4.9999% of the treasury') })
  })

  it('formatShare never prints a figure on the other side of, or on, a threshold the share is not at', () => {
    for (const share of [0.0499, 0.0501, 0.049999, 0.050001, 0.1999, 0.2001, 0.4999, 0.5001, 0.123, 0.004]) {
      const printed = Number(formatShare(share).replace('%', '')) / 100
      expect(outflowSeverity(printed)).toBe(outflowSeverity(share))
      expect([0.05, 0.2, 0.5]).not.toContain(printed)
    }
    expect(formatShare(0.2)).toBe('20.0%')
  })
})

describe('wiredCode (what the fork found at wired-in addresses)', () => {
  const simulation = (wired: NonNullable<SimulationReport['wired']>): SimulationReport => ({ forkedFrom: 'http://x', blockNumber: '100', executor, actions: [], balanceChanges: [], code: [], wired })
  const entry = { address: stranger, actionIndex: '1', argument: 'arg0', power: 'registry', expectsContract: true, hasCode: true, selfdestruct: false, delegatecall: false }
  const check = (wired: Partial<typeof entry> & { deployedBlock?: string; deployedSecondsBefore?: number; olderThanWindow?: boolean }) => {
    const input = parseProposal({ title: 't', body: '', actions: [], executor })
    return wiredCode({ input, actions: [], movements: [], book: createAddressBook(input), simulation: simulation([{ ...entry, ...wired }]) }).map((f) => `${f.severity}: ${f.message}`)
  }

  it('no code where a contract is expected is high; an EOA owner is low', () => {
    expect(check({ hasCode: false })).toEqual([expect.stringMatching(/^high: .*new registry.*externally owned account where a contract is expected/)])
    expect(check({ hasCode: false, power: 'owner', expectsContract: false })).toEqual([expect.stringMatching(/^low: .*externally owned account, one private key/)])
  })

  it('recent code is medium, older code raises nothing', () => {
    expect(check({ deployedBlock: '99', deployedSecondsBefore: 3 * 3600 })).toEqual([expect.stringMatching(/^medium: .*deployed 3 hours before the fork block/)])
    expect(check({ olderThanWindow: true })).toEqual([])
  })

  it('SELFDESTRUCT is high, DELEGATECALL medium', () => {
    expect(check({ selfdestruct: true })).toEqual([expect.stringMatching(/^high: .*contains SELFDESTRUCT/)])
    expect(check({ delegatecall: true })).toEqual([expect.stringMatching(/^medium: .*contains DELEGATECALL/)])
  })
})

