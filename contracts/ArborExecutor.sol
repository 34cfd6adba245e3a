// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IArborExecutor} from "./interfaces/IArborExecutor.sol";
import {IArborSettlement} from "./interfaces/IArborSettlement.sol";

/// @title ArborExecutor
/// @notice One per DAO treasury. Queues a passed proposal's recorded actions on the DAO's
/// `TimelockController` and executes them after its delay; holds no funds and has no owner.
contract ArborExecutor is IArborExecutor {
    IArborSettlement public immutable settlement;
    TimelockController public immutable timelock;

    /// @inheritdoc IArborExecutor
    mapping(bytes32 proposalId => bytes32 operationId) public queuedOperation;

    constructor(IArborSettlement settlement_, TimelockController timelock_) {
        if (address(settlement_) == address(0) || address(timelock_) == address(0)) revert ZeroAddress();
        settlement = settlement_;
        timelock = timelock_;
    }

    /// @inheritdoc IArborExecutor
    function queue(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external returns (bytes32 id) {
        _checkPassed(proposalId, targets, values, calldatas);
        _checkNotQueued(proposalId);
        id = _operationId(proposalId, targets, values, calldatas);
        queuedOperation[proposalId] = id;
        timelock.scheduleBatch(targets, values, calldatas, bytes32(0), proposalId, timelock.getMinDelay());
        emit ProposalQueued(proposalId, id, timelock.getTimestamp(id));
    }

    /// @inheritdoc IArborExecutor
    function execute(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external payable {
        bytes32 queued = queuedOperation[proposalId];
        if (queued == bytes32(0)) revert ProposalNotQueued(proposalId);
        bytes32 id = _operationId(proposalId, targets, values, calldatas);
        if (id != queued) {
            bytes32 given = keccak256(abi.encode(address(this), targets, values, calldatas));
            revert ActionsMismatch(proposalId, settlement.proposalResult(proposalId).actionsHash, given);
        }
        TimelockController.OperationState current = timelock.getOperationState(id);
        if (current == TimelockController.OperationState.Unset) revert ProposalVetoed(proposalId);
        if (current == TimelockController.OperationState.Done) revert ProposalAlreadyExecuted(proposalId);
        if (current == TimelockController.OperationState.Waiting) revert ProposalNotReady(proposalId, timelock.getTimestamp(id));
        emit ProposalExecuted(proposalId, id);
        timelock.executeBatch{value: msg.value}(targets, values, calldatas, bytes32(0), proposalId);
    }

    /// @inheritdoc IArborExecutor
    function operationId(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external pure returns (bytes32) {
        return _operationId(proposalId, targets, values, calldatas);
    }

    /// @inheritdoc IArborExecutor
    function state(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) external view returns (ExecutionState) {
        bytes32 queued = queuedOperation[proposalId];
        if (queued == bytes32(0)) return ExecutionState.Unqueued;
        bytes32 id = _operationId(proposalId, targets, values, calldatas);
        if (id != queued) return ExecutionState.Unqueued;
        TimelockController.OperationState current = timelock.getOperationState(id);
        if (current == TimelockController.OperationState.Unset) return ExecutionState.Vetoed;
        if (current == TimelockController.OperationState.Waiting) return ExecutionState.Waiting;
        if (current == TimelockController.OperationState.Ready) return ExecutionState.Ready;
        return ExecutionState.Executed;
    }

    /// @dev `TimelockController.hashOperationBatch` with predecessor 0 and salt `proposalId`, computed here.
    function _operationId(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(targets, values, calldatas, bytes32(0), proposalId));
    }

    /// @dev Reverts unless the settled outcome is `Passed` with exactly these actions for this executor.
    function _checkPassed(
        bytes32 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) private view {
        IArborSettlement.ProposalResult memory result;
        try settlement.proposalResult(proposalId) returns (IArborSettlement.ProposalResult memory found) {
            result = found;
        } catch {
            revert ProposalNotSettled(proposalId);
        }
        if (result.outcome != IArborSettlement.Outcome.Passed) revert ProposalNotPassed(proposalId, result.outcome);
        _checkShape(targets, values, calldatas);
        bytes32 given = keccak256(abi.encode(address(this), targets, values, calldatas));
        if (given != result.actionsHash) revert ActionsMismatch(proposalId, result.actionsHash, given);
    }

    /// @dev The timelock forgets a cancelled operation (back to `Unset`); this executor does not,
    /// so a vetoed proposal cannot be queued again.
    function _checkNotQueued(bytes32 proposalId) private view {
        bytes32 queued = queuedOperation[proposalId];
        if (queued == bytes32(0)) return;
        TimelockController.OperationState previous = timelock.getOperationState(queued);
        if (previous == TimelockController.OperationState.Unset) revert ProposalVetoed(proposalId);
        if (previous == TimelockController.OperationState.Done) revert ProposalAlreadyExecuted(proposalId);
        revert ProposalAlreadyQueued(proposalId, queued);
    }

    function _checkShape(address[] memory targets, uint256[] memory values, bytes[] memory calldatas) private pure {
        if (targets.length == 0 || targets.length != values.length || targets.length != calldatas.length) revert InvalidActions();
    }
}
