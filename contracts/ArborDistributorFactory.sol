// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ArborDistributor} from "./ArborDistributor.sol";
import {encodeCampaignArgs} from "./distributor/CampaignArgs.sol";
import {IArborDistributor} from "./interfaces/IArborDistributor.sol";
import {IArborDistributorFactory} from "./interfaces/IArborDistributorFactory.sol";

/// @title ArborDistributorFactory
/// @notice Creates each campaign's distributor as a CREATE2 clone with immutable arguments
/// (`Clones.cloneDeterministicWithImmutableArgs`), so its address is known before it exists.
/// @dev The address depends on the whole campaign and the salt: anyone who deploys the same pair
/// first deploys exactly the same distributor, so front-running gains nothing.
contract ArborDistributorFactory is IArborDistributorFactory {
    /// @inheritdoc IArborDistributorFactory
    address public immutable implementation;

    constructor() {
        implementation = address(new ArborDistributor());
    }

    /// @inheritdoc IArborDistributorFactory
    function createDistributor(
        IArborDistributor.Campaign calldata campaign,
        bytes32 salt
    ) external returns (address distributor) {
        if (campaign.token == address(0) || campaign.owner == address(0)) revert ZeroAddress();
        if (campaign.merkleRoot == bytes32(0)) revert EmptyRoot();
        if (campaign.endTime <= campaign.startTime) revert InvalidTimeWindow(campaign.startTime, campaign.endTime);
        bytes memory args = encodeCampaignArgs(campaign);
        address predicted = Clones.predictDeterministicAddressWithImmutableArgs(implementation, args, salt);
        if (predicted.code.length > 0) revert DistributorExists(predicted);
        distributor = Clones.cloneDeterministicWithImmutableArgs(implementation, args, salt);
        emit DistributorCreated(
            distributor,
            campaign.token,
            campaign.owner,
            campaign.merkleRoot,
            campaign.startTime,
            campaign.endTime,
            salt
        );
    }

    /// @inheritdoc IArborDistributorFactory
    function predictDistributorAddress(
        IArborDistributor.Campaign calldata campaign,
        bytes32 salt
    ) external view returns (address) {
        return
            Clones.predictDeterministicAddressWithImmutableArgs(
                implementation,
                encodeCampaignArgs(campaign),
                salt
            );
    }
}
