// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

/// @title Arbor demo token
/// @notice What Arbor's airdrops and DAO spaces need from a token: ERC-20 transfers, EIP-2612
/// permits, checkpointed voting power by block number, and an owner-gated mint for funding.
interface IArborToken is IERC20, IERC20Metadata, IERC20Permit, IVotes {
    /// @notice Creates `amount` tokens for `to`. Only the owner may mint.
    function mint(address to, uint256 amount) external;
}
