// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test only: an ERC-20 that, once armed, calls `target` with `payload` from inside every
/// transfer (a re-entrancy attempt) and records whether that call succeeded and what it returned.
contract HostileToken is ERC20 {
    address public target;
    bytes public payload;
    bool public attempted;
    bool public reentered;
    bytes public reentryResult;

    constructor(address holder, uint256 supply) ERC20("Hostile", "HOST") {
        _mint(holder, supply);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address victim = target;
        if (victim != address(0) && from == victim) {
            target = address(0); // once
            attempted = true;
            (reentered, reentryResult) = victim.call(payload);
        }
    }
}
