// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IArborSettlement} from "./IArborSettlement.sol";

/// @title Arbor executor
/// @notice Runs a DAO's passed proposals through its treasury timelock, and nothing else. It is the
/// timelock's only proposer and executor and holds no funds: `queue` schedules a proposal's actions
/// when `ArborSettlement` records the proposal as `Passed` with the hash of exactly those actions
/// (bound to this executor); after the timelock's delay (the veto window, during which the guardian
/// may cancel) anyone calls `execute`. A cancelled (vetoed) proposal can never be queued again.
interface IArborExecutor {
    /// @notice Where a proposal's actions stand, as `state` reports it.
    enum ExecutionState {
        /// Not queued (yet).
        Unqueued,
        /// Queued; the veto window runs until the timelock's timestamp.
        Waiting,
        /// The delay has passed: anyone may execute.
        Ready,
        Executed,
        /// Cancelled by the guardian during the delay: it can never run.
        Vetoed
    }

    event ProposalQueued(bytes32 indexed proposalId, bytes32 indexed operationId, uint256 readyAt);
    event ProposalExecuted(bytes32 indexed proposalId, bytes32 indexed operationId);

    error ZeroAddress();
    /// @notice `ArborSettlement` has no result for the proposal yet.
    error ProposalNotSettled(bytes32 proposalId);
    /// @notice The settled outcome is `None` or `Failed`: nothing may run.
    error ProposalNotPassed(bytes32 proposalId, IArborSettlement.Outcome outcome);
    /// @notice The actions given are not the ones recorded (`actionsHash`) for this executor.
    error ActionsMismatch(bytes32 proposalId, bytes32 expected, bytes32 given);
    /// @notice Empty, or `targets`, `values` and `calldatas` differ in length.
    error InvalidActions();
    error ProposalAlreadyQueued(bytes32 proposalId, bytes32 operationId);
    error ProposalNotQueued(bytes32 proposalId);
    /// @notice The veto window is still open; anyone may execute from `readyAt` (unix seconds).
    error ProposalNotReady(bytes32 proposalId, uint256 readyAt);
    error ProposalAlreadyExecuted(bytes32 proposalId);
    /// @notice The guardian cancelled the proposal during its veto window.
    error ProposalVetoed(bytes32 proposalId);

    function settlement() external view returns (IArborSettlement);

    function timelock() external view returns (TimelockController);

    /// @notice Anyone. Schedules the actions on the timelock as one batch (predecessor 0, salt
    /// `proposalId`, the timelock's minimum delay) when the proposal passed and
    /// `keccak256(abi.encode(address(this), targets, values, calldatas))` is its recorded actions hash.
    function queue(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external returns (bytes32 operationId);

    /// @notice Anyone, once the delay has passed: runs the queued batch from the timelock
    /// (`executeBatch`), forwarding `msg.value`.
    function execute(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external payable;

    /// @notice The timelock's id of the batch (`hashOperationBatch` with predecessor 0, salt `proposalId`).
    function operationId(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external view returns (bytes32);

    /// @notice The timelock operation this executor queued for the proposal; zero when none.
    function queuedOperation(bytes32 proposalId) external view returns (bytes32);

    /// @notice Where the proposal's actions stand, telling a vetoed proposal from one never queued.
    function state(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external view returns (ExecutionState);
}
