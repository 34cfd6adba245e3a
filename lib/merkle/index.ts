export { buildTree, type BuildTreeOptions, type BuildTreeParameters } from './build-tree'
export { buildTreeParallel, type BuildProgress, type BuildTreeParallelParameters } from './build-tree-parallel'
export { closeHashWorkers, defaultWorkerCount } from './hash-pool'
export { getProof, type GetProofReturnType } from './get-proof'
export { getMultiProof, type MultiProof } from './get-multi-proof'
export { processMultiProof, processProof, verifyMultiProof, verifyProof } from './verify-proof'
export {
  checkRebuilt,
  dumpStandardTree,
  loadStandardTree,
  loadStandardTreeParallel,
  standardDumpChunks,
  type LoadedStandardTree,
  type StandardTreeDump,
} from './standard-dump'
export {
  COMPACT_VERSION,
  decodeCompactTree,
  decodeCompactTreeParallel,
  encodeCompactTree,
  compactTreeBuffer,
  encodeCompactTreeSliced,
  type EncodeCompactTreeSlicedOptions,
  readCompactHeader,
  readCompactProof,
  readCompactProofFrom,
  type CompactHeader,
  type CompactProof,
  type CompactReader,
} from './compact'
export { findCompactProof, findCompactValueIndices, readCompactValue } from './find-compact-proof'
export { createValueLookup, findValueIndices } from './lookup'
export { standardLeafHash } from './standard-leaf-hash'
export { checksumAddress, findChecksumErrors, hashPair, keccak256 } from './keccak'
export { parseLeafEncoding, type LeafValue } from './leaf-encoding'
export { bytesToHex, type Hex } from './hex'
export { findLeafHash, nodeAt, resolveValueIndex, type MerkleTree } from './tree'
export {
  AddressChecksumError,
  DuplicateLeafError,
  EmptyTreeError,
  InvalidLeafValueError,
  InvalidProofError,
  InvalidTreeDataError,
  LeafEncodingError,
  LeafNotInTreeError,
  MerkleWorkerError,
  type TreeWarning,
} from './errors'
export { canonicalLeafValue } from './canonical-leaf-value'
