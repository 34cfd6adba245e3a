// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Initializable} from "@openzeppelin/contracts/proxy/utils/Initializable.sol";
import {ArborDistributorCore} from "../distributor/ArborDistributorCore.sol";

/// @notice Test and bench only: the distributor as a plain minimal clone with an initializer that
/// writes the campaign to storage, to measure against clones carrying immutable arguments.
contract ArborDistributorStorage is ArborDistributorCore, Initializable {
    Campaign private _stored;

    constructor() {
        _disableInitializers();
    }

    function initialize(Campaign calldata c) external initializer {
        _stored = c;
    }

    function _campaign() internal view override returns (Campaign memory) {
        return _stored;
    }
}

/// @notice Test and bench only: creates `ArborDistributorStorage` clones (CREATE2 + initialize).
contract ArborDistributorStorageFactory {
    address public immutable implementation = address(new ArborDistributorStorage());

    function createDistributor(ArborDistributorStorage.Campaign calldata c, bytes32 salt) external returns (address distributor) {
        distributor = Clones.cloneDeterministic(implementation, salt);
        ArborDistributorStorage(distributor).initialize(c);
    }
}
