// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IArborDistributor} from "./IArborDistributor.sol";

/// @title Arbor distributor factory
/// @notice Deploys one full `ArborDistributor` per campaign with CREATE2, at an address known
/// before creation. (Not clones: a clone saves gas once at creation but costs every recipient a
/// cold DELEGATECALL per claim, and recipients outnumber admins.)
interface IArborDistributorFactory {
    event DistributorCreated(
        address indexed distributor,
        address indexed token,
        address indexed owner,
        bytes32 merkleRoot,
        uint64 startTime,
        uint64 endTime,
        bytes32 contentHash,
        bytes32 salt
    );

    error ZeroAddress();
    error EmptyRoot();
    /// @notice A campaign commits to its dataset: the content hash may not be zero.
    error EmptyContentHash();
    /// @notice The window must end after it starts.
    error InvalidTimeWindow(uint64 startTime, uint64 endTime);
    /// @notice The same campaign and salt were already deployed there.
    error DistributorExists(address distributor);

    /// @notice Deploys the campaign's distributor; fund it by transferring the total afterwards.
    function createDistributor(IArborDistributor.Campaign calldata campaign, bytes32 salt) external returns (address distributor);

    /// @notice Where `createDistributor(campaign, salt)` deploys (or deployed) the distributor.
    function predictDistributorAddress(IArborDistributor.Campaign calldata campaign, bytes32 salt) external view returns (address);
}
