// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ArborDistributorCore} from "../distributor/ArborDistributorCore.sol";

/// @notice Test and bench only: the distributor as a full deployment with constructor immutables,
/// to measure against the factory's clones (creation cost vs per-claim cost).
contract ArborDistributorStandalone is ArborDistributorCore {
    address private immutable _token;
    bytes32 private immutable _merkleRoot;
    uint64 private immutable _startTime;
    uint64 private immutable _endTime;
    address private immutable _owner;

    constructor(Campaign memory c) {
        _token = c.token;
        _merkleRoot = c.merkleRoot;
        _startTime = c.startTime;
        _endTime = c.endTime;
        _owner = c.owner;
    }

    function _campaign() internal view override returns (Campaign memory) {
        return Campaign({token: _token, merkleRoot: _merkleRoot, startTime: _startTime, endTime: _endTime, owner: _owner});
    }
}
