import { concat, encodeFunctionData, encodePacked, parseAbiItem, parseUnits, size, toFunctionSelector, type Hex } from 'viem'
import { describe, expect, it } from 'vitest'
import { decodeActions } from './decode-actions'
import { flattenActions } from './flatten-actions'
import { knownFunctions } from './known-abis'
import { parseProposal } from './parse-proposal'

const fn = (signature: string, args: readonly unknown[] = []): Hex =>
  encodeFunctionData({ abi: [parseAbiItem(`function ${signature}`)], args } as never)
const token = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const safe = '0x849D52316331967b6fF1198e5E32A0eB168D039d'
const eve = '0x000000000000000000000000000000000000bEEF'
const zero = '0x0000000000000000000000000000000000000000'
const decode = (actions: { target: string; value?: string; calldata: string; signature?: string }[]) =>
  decodeActions(parseProposal({ title: 't', body: 'b', actions }))
const execTransaction = (to: string, data: Hex, operation: number) =>
  fn('execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)', [to, 0n, data, operation, 0n, 0n, 0n, zero, zero, '0x'])

describe('decodeActions', () => {
  it('has no selector collisions among the built-in ABIs', () => {
    expect(knownFunctions.size).toBe(73)
  })

  it('decodes ERC-20 calls with built-in ABIs and describes them', () => {
    const [action] = decode([{ target: token, calldata: fn('transfer(address to, uint256 amount)', [eve, parseUnits('5', 18)]) }])
    expect(action).toMatchObject({ source: 'known-abi', functionName: 'transfer', kinds: ['transfer'], operation: 'call', caller: 'executor' })
    expect(action!.args).toEqual([
      { name: 'to', type: 'address', value: eve },
      { name: 'amount', type: 'uint256', value: '5000000000000000000' },
    ])
    expect(action!.description).toContain('Transfer 5,000,000,000,000,000,000 base units')
  })

  it('uses the given signature for selectors it does not know', () => {
    const [action] = decode([{ target: token, calldata: fn('setFeeTo(address feeTo)', [eve]), signature: 'setFeeTo(address)' }])
    expect(action).toMatchObject({ source: 'signature', functionName: 'setFeeTo', signature: 'setFeeTo(address)' })
  })

  it('reads GovernorBravo calldata that omits the selector', () => {
    const full = fn('_setCompSpeeds(address[] a, uint256[] b, uint256[] c)', [[eve], [1n], [2n]])
    const [action] = decode([{ target: token, calldata: `0x${full.slice(10)}`, signature: '_setCompSpeeds(address[],uint256[],uint256[])' }])
    expect(action).toMatchObject({ source: 'signature', functionName: '_setCompSpeeds' })
  })

  it('flags a signature that does not match the calldata, and decodes what really runs', () => {
    const [action] = decode([{ target: token, calldata: fn('transfer(address to, uint256 amount)', [eve, 1n]), signature: 'setFee(uint256)' }])
    expect(action!.decodeError).toMatch(/signature setFee\(uint256\) has selector .* but the calldata calls 0xa9059cbb/)
    expect(action!.functionName).toBe('transfer')
  })

  it('marks unknown selectors, malformed calldata and plain ETH sends', () => {
    const actions = decode([
      { target: token, calldata: '0x12345678' },
      { target: token, calldata: '0x1234' },
      { target: eve, value: '1000', calldata: '0x' },
      { target: token, calldata: `${toFunctionSelector('function transfer(address,uint256)')}00` },
    ])
    expect(actions.map((a) => a.source)).toEqual(['unknown', 'unknown', 'empty', 'unknown'])
    expect(actions[0]!.kinds).toEqual(['unknown'])
    expect(actions[1]!.decodeError).toMatch(/shorter than a 4-byte selector/)
    expect(actions[2]!.kinds).toEqual(['native-transfer'])
    expect(actions[3]!.decodeError).toMatch(/does not decode as transfer/)
  })

  it('follows multicall, Safe execTransaction (call and delegatecall) and MultiSend', () => {
    const transfer = fn('transfer(address to, uint256 amount)', [eve, 7n])
    const packed = concat([
      encodePacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [0, token, 0n, BigInt(size(transfer)), transfer]),
      encodePacked(['uint8', 'address', 'uint256', 'uint256', 'bytes'], [1, eve, 0n, 4n, '0x12345678']),
    ])
    const actions = decode([
      { target: token, calldata: fn('multicall(bytes[] data)', [[transfer, fn('transferOwnership(address newOwner)', [eve])]]) },
      { target: safe, calldata: execTransaction(token, transfer, 0) },
      { target: safe, calldata: execTransaction(eve, transfer, 1) },
      { target: safe, calldata: execTransaction('0x40A2aCCbd92BCA938b02010E17A5b8929b49130D', fn('multiSend(bytes transactions)', [packed]), 1) },
    ])
    const flat = flattenActions(actions)
    expect(flat.map((a) => `${a.index}:${a.functionName ?? a.selector}:${a.operation}`)).toEqual([
      '1:multicall:call',
      '1.1:transfer:call',
      '1.2:transferOwnership:call',
      '2:execTransaction:call',
      '2.1:transfer:call',
      '3:execTransaction:call',
      '3.1:transfer:delegatecall',
      '4:execTransaction:call',
      '4.1:multiSend:delegatecall',
      '4.1.1:transfer:call',
      '4.1.2:0x12345678:delegatecall',
    ])
    expect(flat.find((a) => a.index === '1.1')!.caller).toBe('executor')
    expect(flat.find((a) => a.index === '2.1')!.caller).toBe(safe)
    // MultiSend runs by delegatecall, so its calls come from the Safe itself.
    expect(flat.find((a) => a.index === '4.1.1')!.caller).toBe(safe)
    expect(flat.find((a) => a.index === '3.1')!.kinds).toContain('delegatecall')
    expect(flat.find((a) => a.index === '3.1')!.description).toMatch(/^DELEGATECALL into/)
  })

  it('follows upgrade-and-call, diamondCut initialisers, timelock batches and DSProxy execute', () => {
    const init = fn('initialize(address owner)', [eve])
    const actions = decode([
      { target: token, calldata: fn('upgradeToAndCall(address newImplementation, bytes data)', [eve, init]) },
      { target: token, calldata: fn('diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] diamondCut, address init, bytes initCalldata)', [[], eve, fn('init()')]) },
      { target: token, calldata: fn('scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)', [[eve, token], [0n, 5n], ['0x', init], `0x${'00'.repeat(32)}`, `0x${'01'.repeat(32)}`, 60n]) },
      { target: token, calldata: fn('execute(address target, bytes data)', [eve, init]) },
    ])
    const flat = flattenActions(actions)
    expect(flat.find((a) => a.index === '1.1')).toMatchObject({ functionName: 'initialize', operation: 'delegatecall', caller: token })
    expect(flat.find((a) => a.index === '2.1')).toMatchObject({ operation: 'delegatecall', target: eve, source: 'unknown' })
    expect(flat.filter((a) => a.index.startsWith('3.')).map((a) => a.value)).toEqual(['0', '5'])
    expect(actions[3]!.kinds).toEqual(['delegatecall'])
    expect(flat.find((a) => a.index === '4.1')).toMatchObject({ operation: 'delegatecall', functionName: 'initialize' })
  })

  it('stops following nesting at depth 4', () => {
    let data = fn('transfer(address to, uint256 amount)', [eve, 1n])
    for (let i = 0; i < 8; i++) data = fn('multicall(bytes[] data)', [[data]])
    const flat = flattenActions(decode([{ target: token, calldata: data }]))
    expect(flat).toHaveLength(5)
  })
})
