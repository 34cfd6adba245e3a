// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Create2} from "@openzeppelin/contracts/utils/Create2.sol";
import {ArborDistributor} from "./ArborDistributor.sol";
import {IArborDistributor} from "./interfaces/IArborDistributor.sol";
import {IArborDistributorFactory} from "./interfaces/IArborDistributorFactory.sol";

/// @title ArborDistributorFactory
/// @notice Deploys each campaign's `ArborDistributor` in full with CREATE2
/// (`new ArborDistributor{salt: salt}(campaign)`), so its address is known before it exists.
/// @dev The address depends on the whole campaign (content hash included) and the salt: anyone who
/// deploys the same pair first deploys exactly the same distributor, so front-running gains nothing.
contract ArborDistributorFactory is IArborDistributorFactory {
    /// @inheritdoc IArborDistributorFactory
    function createDistributor(
        IArborDistributor.Campaign calldata campaign,
        bytes32 salt
    ) external returns (address distributor) {
        if (campaign.token == address(0) || campaign.owner == address(0)) revert ZeroAddress();
        if (campaign.merkleRoot == bytes32(0)) revert EmptyRoot();
        if (campaign.contentHash == bytes32(0)) revert EmptyContentHash();
        if (campaign.endTime <= campaign.startTime) revert InvalidTimeWindow(campaign.startTime, campaign.endTime);
        address predicted = predictDistributorAddress(campaign, salt);
        if (predicted.code.length > 0) revert DistributorExists(predicted);
        distributor = address(new ArborDistributor{salt: salt}(campaign));
        emit DistributorCreated(
            distributor,
            campaign.token,
            campaign.owner,
            campaign.merkleRoot,
            campaign.startTime,
            campaign.endTime,
            campaign.contentHash,
            salt
        );
    }

    /// @inheritdoc IArborDistributorFactory
    function predictDistributorAddress(
        IArborDistributor.Campaign calldata campaign,
        bytes32 salt
    ) public view returns (address) {
        bytes32 initCodeHash = keccak256(abi.encodePacked(type(ArborDistributor).creationCode, abi.encode(campaign)));
        return Create2.computeAddress(salt, initCodeHash);
    }
}
