// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IArborDistributor} from "../interfaces/IArborDistributor.sol";

/// @dev Length of a campaign packed by `encodeCampaignArgs`.
uint256 constant CAMPAIGN_ARGS_LENGTH = 88;

/// @dev A campaign as a distributor clone's immutable arguments:
/// `merkleRoot (32) | token (20) | owner (20) | startTime (8) | endTime (8)`.
function encodeCampaignArgs(IArborDistributor.Campaign memory c) pure returns (bytes memory) {
    return abi.encodePacked(c.merkleRoot, c.token, c.owner, c.startTime, c.endTime);
}

/// @dev The inverse of `encodeCampaignArgs`; `args` must be `CAMPAIGN_ARGS_LENGTH` bytes long.
function decodeCampaignArgs(bytes memory args) pure returns (IArborDistributor.Campaign memory c) {
    bytes32 root;
    address token;
    address owner;
    uint64 start;
    uint64 end;
    assembly ("memory-safe") {
        root := mload(add(args, 0x20))
        token := shr(96, mload(add(args, 0x40)))
        owner := shr(96, mload(add(args, 0x54)))
        start := shr(192, mload(add(args, 0x68)))
        end := shr(192, mload(add(args, 0x70)))
    }
    c = IArborDistributor.Campaign({token: token, merkleRoot: root, startTime: start, endTime: end, owner: owner});
}
