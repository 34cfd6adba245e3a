/**
 * lib/merkle's roots, proofs and multiproofs against OpenZeppelin's Solidity `MerkleProof` on a
 * real anvil: `verify`, `verifyCalldata`, `multiProofVerify`, `multiProofVerifyCalldata`, and the
 * allocation leaf computed on-chain with `abi.encode`.
 */
import fc from 'fast-check'
import type { Abi, Address, Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import {
  buildTree,
  bytesToHex,
  checksumAddress,
  getMultiProof,
  getProof,
  standardLeafHash,
  type LeafValue,
  type MerkleTree,
} from '@/lib/merkle'
import { compileMerkleProofHarness } from './merkle-proof-harness'

const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => `0x${Buffer.from(b).toString('hex')}`)
const address = hex(20).chain((a) => fc.constantFrom(a, checksumAddress(a)))
const uint = (bits: number) => fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }).map(String)
const int256 = fc.bigInt({ min: -(1n << 255n), max: (1n << 255n) - 1n }).map(String)

/** Leaf encodings with value generators; the first is the allocation leaf the CLI builds. */
const encodings: Array<{ leafEncoding: string[]; value: fc.Arbitrary<unknown[]> }> = [
  { leafEncoding: ['uint256', 'address', 'uint256'], value: fc.tuple(uint(64), address, uint(256)) },
  { leafEncoding: ['address', 'uint256'], value: fc.tuple(address, uint(256)) },
  { leafEncoding: ['bytes32', 'string', 'bool', 'int256', 'uint8'], value: fc.tuple(hex(32), fc.string({ maxLength: 40 }), fc.boolean(), int256, uint(8)) },
  { leafEncoding: ['bytes', 'address'], value: fc.tuple(fc.uint8Array({ maxLength: 70 }).map((b) => `0x${Buffer.from(b).toString('hex')}`), address) },
]

const treeInput = fc.constantFrom(...encodings).chain(({ leafEncoding, value }) =>
  fc.record({
    leafEncoding: fc.constant(leafEncoding),
    values: fc.uniqueArray(value, { minLength: 1, maxLength: 400, size: 'max', selector: (v) => JSON.stringify(v).toLowerCase() }),
    picks: fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 3 }),
  }),
)

function tamper(node: Hex): Hex {
  const last = Number.parseInt(node.slice(-2), 16)
  return `${node.slice(0, -2)}${((last ^ 1) & 255).toString(16).padStart(2, '0')}` as Hex
}

describe('OpenZeppelin MerkleProof.sol accepts lib/merkle proofs (anvil)', () => {
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let harness: Address
  let abi: Abi

  beforeAll(async () => {
    const compiled = compileMerkleProofHarness()
    abi = compiled.abi
    anvil = await startAnvil()
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: privateKeyToAccount(devAccounts[0]!.privateKey) })
    harness = (await deployContract(clients, { abi, bytecode: compiled.bytecode })).address
  })

  afterAll(async () => {
    await anvil?.stop()
  })

  const read = <T>(functionName: string, args: readonly unknown[]) =>
    clients.publicClient.readContract({ address: harness, abi, functionName, args }) as Promise<T>

  async function checkProofs(tree: MerkleTree, leaves: Hex[]) {
    const proofs = leaves.map((_, i) => getProof(tree, i))
    const all = leaves.map(() => true)
    expect(await read<boolean[]>('verifyEach', [proofs, tree.root, leaves])).toEqual(all)
    expect(await read<boolean[]>('verifyEachCalldata', [proofs, tree.root, leaves])).toEqual(all)
    // a tampered sibling, a proof of another leaf, or a wrong root are all rejected
    const tampered = proofs.map((proof) => (proof.length === 0 ? proof : [...proof.slice(0, -1), tamper(proof.at(-1)!)]))
    const expectTampered = proofs.map((proof) => proof.length === 0)
    expect(await read<boolean[]>('verifyEach', [tampered, tree.root, leaves])).toEqual(expectTampered)
    expect(await read<boolean[]>('verifyEachCalldata', [tampered, tree.root, leaves])).toEqual(expectTampered)
    expect(await read<boolean[]>('verifyEach', [proofs, tamper(tree.root), leaves])).toEqual(leaves.map(() => false))
  }

  async function checkMultiProof(tree: MerkleTree, leafEncoding: string[], indices: number[]) {
    const multi = getMultiProof(tree, indices)
    const leaves = multi.leaves.map((value: LeafValue) => bytesToHex(standardLeafHash(leafEncoding, value)))
    const args = [multi.proof, multi.proofFlags, tree.root, leaves]
    expect(await read<boolean>('multiProofVerify', args)).toBe(true)
    expect(await read<boolean>('multiProofVerifyCalldata', args)).toBe(true)
    if (multi.proof.length > 0) {
      const tampered = [tamper(multi.proof[0]!), ...multi.proof.slice(1)]
      expect(await read<boolean>('multiProofVerify', [tampered, multi.proofFlags, tree.root, leaves])).toBe(false)
      expect(await read<boolean>('multiProofVerifyCalldata', [tampered, multi.proofFlags, tree.root, leaves])).toBe(false)
    }
    // a leaf the tree does not hold is rejected
    const forged = [tamper(leaves[0]!), ...leaves.slice(1)]
    expect(await read<boolean>('multiProofVerify', [multi.proof, multi.proofFlags, tree.root, forged])).toBe(false)
    expect(await read<boolean>('multiProofVerifyCalldata', [multi.proof, multi.proofFlags, tree.root, forged])).toBe(false)
  }

  it('allocation leaves hashed on-chain equal lib/merkle leaves, and their proofs verify', async () => {
    const n = 300
    const values = Array.from({ length: n }, (_, i) => [
      String(i),
      checksumAddress(`0x${(i * 2654435761 + 17).toString(16).padStart(40, '0')}`),
      `${(i % 97) + 1}000000000000000000`,
    ])
    const leafEncoding = ['uint256', 'address', 'uint256']
    const tree = buildTree({ values, leafEncoding })
    const onchain = await read<Hex[]>('allocationLeaves', [
      values.map((v) => BigInt(v[0]!)),
      values.map((v) => v[1]!),
      values.map((v) => BigInt(v[2]!)),
    ])
    expect(onchain).toEqual(values.map((v) => bytesToHex(standardLeafHash(leafEncoding, v))))
    await checkProofs(tree, onchain)
    await checkMultiProof(tree, leafEncoding, [0, 1, 2, 150, 299])
  })

  it('random trees (several encodings, sortLeaves on): every proof and some multiproofs verify on-chain', async () => {
    const sizes: number[] = []
    await fc.assert(
      fc.asyncProperty(treeInput, async ({ leafEncoding, values, picks }) => {
        const tree = buildTree({ values, leafEncoding, sortLeaves: true })
        sizes.push(values.length)
        const leaves = values.map((v, i) => bytesToHex(standardLeafHash(leafEncoding, v, i)))
        await checkProofs(tree, leaves)
        for (const pick of picks) await checkMultiProof(tree, leafEncoding, [...new Set(pick.map((p) => p % values.length))])
      }),
      { numRuns: 12 },
    )
    // fast-check's default size keeps arrays short; these runs must reach hundreds of leaves
    expect(Math.max(...sizes)).toBeGreaterThan(100)
  })
})
