// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Arbor settlement registry
/// @notice Append-only: intake-log checkpoints in sequence and one result per proposal, written by
/// settlers, never overwritten. Leaves are OpenZeppelin standard leaves,
/// `keccak256(bytes.concat(keccak256(abi.encode(values...))))`, so receipts are checked from the
/// ABI-encoded values and a proof.
interface IArborSettlement {
    struct Checkpoint {
        bytes32 root;
        uint64 count;
        uint64 postedAt;
    }

    /// @notice What a settled proposal allows: `Passed` lets `ArborExecutor` queue exactly the actions
    /// whose hash is recorded; `None` (any proposal without executable actions) and `Failed` allow nothing.
    enum Outcome {
        None,
        Passed,
        Failed
    }

    struct ProposalResult {
        bytes32 votesRoot;
        bytes32 tallyHash;
        uint64 voteCount;
        uint64 settledAt;
        Outcome outcome;
        /// @dev `keccak256(abi.encode(executor, targets, values, calldatas))`; zero when `outcome` is `None`.
        bytes32 actionsHash;
    }

    event CheckpointPosted(uint64 indexed seq, bytes32 root, uint64 count);
    event ProposalSettled(
        bytes32 indexed proposalId,
        bytes32 votesRoot,
        bytes32 tallyHash,
        uint64 voteCount,
        Outcome outcome,
        bytes32 actionsHash
    );

    /// @notice Checkpoints are numbered 1, 2, 3...: `seq` must be the one after the latest.
    error CheckpointOutOfOrder(uint64 expected, uint64 seq);
    error ProposalAlreadySettled(bytes32 proposalId);
    error EmptyRoot();
    error CheckpointNotFound(uint64 seq);
    error ProposalNotSettled(bytes32 proposalId);
    /// @notice An outcome of `None` carries no actions hash; `Passed` and `Failed` need one.
    error OutcomeActionsMismatch(Outcome outcome, bytes32 actionsHash);

    /// @notice Settler only. Records the intake log's root over its first `count` entries.
    function postCheckpoint(uint64 seq, bytes32 root, uint64 count) external;

    /// @notice Settler only, once per proposal. Records the votes root, the tally's hash and, for a
    /// proposal with on-chain actions, whether it passed and the hash of those actions.
    function settleProposal(
        bytes32 proposalId,
        bytes32 votesRoot,
        bytes32 tallyHash,
        uint64 voteCount,
        Outcome outcome,
        bytes32 actionsHash
    ) external;

    /// @notice The latest checkpoint's sequence number; 0 before the first.
    function latestCheckpointSeq() external view returns (uint64);

    function checkpoint(uint64 seq) external view returns (Checkpoint memory);

    function proposalResult(bytes32 proposalId) external view returns (ProposalResult memory);

    /// @notice Whether the leaf of `encodedLeaf` (`abi.encode` of its values) is in checkpoint `seq`.
    function verifyCheckpointEntry(
        uint64 seq,
        bytes calldata encodedLeaf,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice Whether the leaf of `encodedLeaf` (`abi.encode` of its values) is in the proposal's votes root.
    function verifyVote(
        bytes32 proposalId,
        bytes calldata encodedLeaf,
        bytes32[] calldata proof
    ) external view returns (bool);
}
