import { InvalidProofError } from './errors'
import { hashPair, hashProofPath } from './keccak'
import { bytesToHex, tryHexToBytes, type Hex } from './hex'
import type { LeafValue } from './leaf-encoding'
import type { MultiProof } from './get-multi-proof'
import { standardLeafHash } from './standard-leaf-hash'

function node(hex: string): Uint8Array {
  const bytes = tryHexToBytes(hex)
  if (!bytes || bytes.length !== 32) throw new InvalidProofError(`node ${JSON.stringify(hex)} is not 32 bytes of hex`)
  return bytes
}

/** The root a proof leads to from a leaf hash (OpenZeppelin's `processProof`). */
export function processProof(leafHash: Uint8Array, proof: readonly string[]): Hex {
  const root = hashProofPath(leafHash, proof)
  if (root === undefined) proof.forEach(node) // throws, naming the malformed node
  return root as Hex
}

/** Whether `proof` shows `value` under `root` (OpenZeppelin's `StandardMerkleTree.verify`). */
export function verifyProof(root: string, leafEncoding: readonly string[], value: LeafValue, proof: readonly string[]): boolean {
  return processProof(standardLeafHash(leafEncoding, value), proof) === bytesToHex(node(root))
}

/** The root a multiproof leads to (OpenZeppelin's `processMultiProof`). */
export function processMultiProof(leafHashes: readonly Uint8Array[], proof: readonly string[], proofFlags: readonly boolean[]): Hex {
  if (proof.length < proofFlags.filter((flag) => !flag).length) throw new InvalidProofError('too few proof nodes for the flags')
  if (leafHashes.length + proof.length !== proofFlags.length + 1) throw new InvalidProofError('leaves and proof do not fit together')
  const stack = [...leafHashes]
  const nodes = proof.map(node)
  let head = 0
  let next = 0
  for (const flag of proofFlags) {
    const a = stack[head++]!
    const b = flag ? stack[head++] : nodes[next++]
    if (a === undefined || b === undefined) throw new InvalidProofError('leaves and proof do not fit together')
    stack.push(hashPair(a, b))
  }
  return bytesToHex(head < stack.length ? stack[stack.length - 1]! : nodes[next]!)
}

export function verifyMultiProof(root: string, leafEncoding: readonly string[], multiproof: MultiProof): boolean {
  const leaves = multiproof.leaves.map((value, i) => standardLeafHash(leafEncoding, value, i))
  return processMultiProof(leaves, multiproof.proof, multiproof.proofFlags) === bytesToHex(node(root))
}
