// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IArborToken} from "./interfaces/IArborToken.sol";

/// @title ArborToken
/// @notice ERC-20 with EIP-2612 permits and ERC-5805 votes (block-number clock), used by Arbor's
/// demo and tests: airdrop distributors are funded with it and DAO spaces weigh votes by it.
/// @dev Voting power counts only after the holder delegates (to themselves or another account).
contract ArborToken is ERC20, ERC20Permit, ERC20Votes, Ownable, IArborToken {
    /// @param name_ Token name, also the EIP-712 domain name for permits.
    /// @param symbol_ Token symbol.
    /// @param initialOwner May mint more tokens later.
    /// @param initialHolder Receives `initialSupply` at deployment (skipped when zero).
    /// @param initialSupply Amount minted to `initialHolder`, in base units.
    constructor(
        string memory name_,
        string memory symbol_,
        address initialOwner,
        address initialHolder,
        uint256 initialSupply
    ) ERC20(name_, symbol_) ERC20Permit(name_) Ownable(initialOwner) {
        if (initialSupply > 0) _mint(initialHolder, initialSupply);
    }

    /// @inheritdoc IArborToken
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    // Overrides required by Solidity: both ERC20Permit and ERC20Votes extend ERC20 / Nonces.

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function nonces(address owner) public view override(ERC20Permit, IERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }
}
