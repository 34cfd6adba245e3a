/**
 * A test-only wrapper over OpenZeppelin's Solidity `MerkleProof`, compiled with solc-js when a test
 * starts (about a second), so lib/merkle's on-chain check needs nothing from the contracts build.
 */
import { createRequire } from 'node:module'
import { existsSync, readFileSync } from 'node:fs'
import type { Abi, Hex } from 'viem'
import solc from 'solc'

const require = createRequire(import.meta.url)

export const merkleProofHarnessSource = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.20;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// Batched views over MerkleProof, so one eth_call checks a whole tree's proofs.
contract MerkleProofHarness {
    /// OpenZeppelin's standard leaf for an allocation (uint256 index, address account, uint256 amount).
    function allocationLeaves(uint256[] calldata indices, address[] calldata accounts, uint256[] calldata amounts)
        external
        pure
        returns (bytes32[] memory leaves)
    {
        leaves = new bytes32[](indices.length);
        for (uint256 i = 0; i < indices.length; i++) {
            leaves[i] = keccak256(bytes.concat(keccak256(abi.encode(indices[i], accounts[i], amounts[i]))));
        }
    }

    function verifyEach(bytes32[][] memory proofs, bytes32 root, bytes32[] memory leaves)
        external
        pure
        returns (bool[] memory ok)
    {
        ok = new bool[](leaves.length);
        for (uint256 i = 0; i < leaves.length; i++) ok[i] = MerkleProof.verify(proofs[i], root, leaves[i]);
    }

    function verifyEachCalldata(bytes32[][] calldata proofs, bytes32 root, bytes32[] calldata leaves)
        external
        pure
        returns (bool[] memory ok)
    {
        ok = new bool[](leaves.length);
        for (uint256 i = 0; i < leaves.length; i++) ok[i] = MerkleProof.verifyCalldata(proofs[i], root, leaves[i]);
    }

    function multiProofVerify(bytes32[] memory proof, bool[] memory proofFlags, bytes32 root, bytes32[] memory leaves)
        external
        pure
        returns (bool)
    {
        return MerkleProof.multiProofVerify(proof, proofFlags, root, leaves);
    }

    function multiProofVerifyCalldata(
        bytes32[] calldata proof,
        bool[] calldata proofFlags,
        bytes32 root,
        bytes32[] memory leaves
    ) external pure returns (bool) {
        return MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves);
    }
}
`

type SolcOutput = {
  errors?: Array<{ severity: string; formattedMessage: string }>
  contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>
}

export function compileMerkleProofHarness(): { abi: Abi; bytecode: Hex } {
  const input = {
    language: 'Solidity',
    sources: { 'MerkleProofHarness.sol': { content: merkleProofHarnessSource } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'prague',
      outputSelection: { '*': { MerkleProofHarness: ['abi', 'evm.bytecode.object'] } },
    },
  }
  const findImport = (path: string) => {
    try {
      const file = require.resolve(path)
      if (existsSync(file)) return { contents: readFileSync(file, 'utf8') }
    } catch {
      // fall through
    }
    return { error: `File not found: ${path}` }
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  const compiled = output.contracts['MerkleProofHarness.sol']!.MerkleProofHarness!
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` }
}
