// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IArborSettlement} from "./interfaces/IArborSettlement.sol";

/// @title ArborSettlement
/// @notice Append-only registry of intake-log checkpoints and proposal results. Settlers write;
/// the admin grants and revokes roles; nothing written is ever overwritten.
contract ArborSettlement is IArborSettlement, AccessControl {
    bytes32 public constant SETTLER_ROLE = keccak256("SETTLER_ROLE");

    uint64 public latestCheckpointSeq;
    mapping(uint64 seq => Checkpoint) private _checkpoints;
    mapping(bytes32 proposalId => ProposalResult) private _results;

    /// @param admin Holds `DEFAULT_ADMIN_ROLE`: grants and revokes settlers.
    /// @param settler Receives `SETTLER_ROLE` (skipped when zero).
    constructor(address admin, address settler) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (settler != address(0)) _grantRole(SETTLER_ROLE, settler);
    }

    /// @inheritdoc IArborSettlement
    function postCheckpoint(uint64 seq, bytes32 root, uint64 count) external onlyRole(SETTLER_ROLE) {
        uint64 expected = latestCheckpointSeq + 1;
        if (seq != expected) revert CheckpointOutOfOrder(expected, seq);
        if (root == bytes32(0)) revert EmptyRoot();
        latestCheckpointSeq = seq;
        _checkpoints[seq] = Checkpoint({root: root, count: count, postedAt: uint64(block.timestamp)});
        emit CheckpointPosted(seq, root, count);
    }

    /// @inheritdoc IArborSettlement
    function settleProposal(
        bytes32 proposalId,
        bytes32 votesRoot,
        bytes32 tallyHash,
        uint64 voteCount,
        Outcome outcome,
        bytes32 actionsHash
    ) external onlyRole(SETTLER_ROLE) {
        if (_results[proposalId].settledAt != 0) revert ProposalAlreadySettled(proposalId);
        if (votesRoot == bytes32(0)) revert EmptyRoot();
        if ((outcome == Outcome.None) != (actionsHash == bytes32(0))) revert OutcomeActionsMismatch(outcome, actionsHash);
        _results[proposalId] = ProposalResult({
            votesRoot: votesRoot,
            tallyHash: tallyHash,
            voteCount: voteCount,
            settledAt: uint64(block.timestamp),
            outcome: outcome,
            actionsHash: actionsHash
        });
        emit ProposalSettled(proposalId, votesRoot, tallyHash, voteCount, outcome, actionsHash);
    }

    /// @inheritdoc IArborSettlement
    function checkpoint(uint64 seq) public view returns (Checkpoint memory found) {
        found = _checkpoints[seq];
        if (found.root == bytes32(0)) revert CheckpointNotFound(seq);
    }

    /// @inheritdoc IArborSettlement
    function proposalResult(bytes32 proposalId) public view returns (ProposalResult memory found) {
        found = _results[proposalId];
        if (found.settledAt == 0) revert ProposalNotSettled(proposalId);
    }

    /// @inheritdoc IArborSettlement
    function verifyCheckpointEntry(
        uint64 seq,
        bytes calldata encodedLeaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return MerkleProof.verifyCalldata(proof, checkpoint(seq).root, _leaf(encodedLeaf));
    }

    /// @inheritdoc IArborSettlement
    function verifyVote(
        bytes32 proposalId,
        bytes calldata encodedLeaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return MerkleProof.verifyCalldata(proof, proposalResult(proposalId).votesRoot, _leaf(encodedLeaf));
    }

    /// @dev OpenZeppelin's standard leaf over already ABI-encoded values.
    function _leaf(bytes calldata encodedLeaf) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(encodedLeaf)));
    }
}
