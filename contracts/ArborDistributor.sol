// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ArborDistributorCore} from "./distributor/ArborDistributorCore.sol";
import {CAMPAIGN_ARGS_LENGTH, decodeCampaignArgs} from "./distributor/CampaignArgs.sol";

/// @title ArborDistributor
/// @notice One airdrop campaign. Deployed once as an implementation; each campaign is an
/// OpenZeppelin clone with immutable arguments made by `ArborDistributorFactory`, whose code ends
/// with the campaign's parameters (see `CampaignArgs.sol`).
/// @dev Parameters live in the clone's code, not in storage: reading them costs two warm code
/// reads per call instead of cold storage loads, and creating a clone writes no storage.
contract ArborDistributor is ArborDistributorCore {
    address private immutable _implementation = address(this);

    function _campaign() internal view override returns (Campaign memory) {
        if (address(this) == _implementation) revert NotACampaign();
        bytes memory args = Clones.fetchCloneArgs(address(this));
        if (args.length != CAMPAIGN_ARGS_LENGTH) revert NotACampaign();
        return decodeCampaignArgs(args);
    }
}
