// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

/// @title ArborTimelock
/// @notice OpenZeppelin's `TimelockController`, unchanged: compiled here only so its ABI and
/// bytecode are generated beside Arbor's. A DAO's treasury: `ArborExecutor` is its proposer and
/// executor, the guardian its canceller (the veto), and no account is its admin.
contract ArborTimelock is TimelockController {
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {}
}
