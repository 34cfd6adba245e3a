// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArborDistributor} from "../interfaces/IArborDistributor.sol";

/// @title ArborDistributorCore
/// @notice Everything a distributor does, over a campaign its subclass supplies: `ArborDistributor`
/// reads it from its clone's immutable arguments (the factory's design); a constructor-immutables
/// variant (contracts/test) exists only to measure a full deploy against it.
abstract contract ArborDistributorCore is IArborDistributor, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    bytes32 public constant CLAIM_TYPEHASH =
        keccak256("Claim(uint256 index,address account,uint256 amount,address to,uint256 deadline)");

    BitMaps.BitMap private _claimed;

    constructor() EIP712("ArborDistributor", "1") {}

    /// @dev The campaign's parameters; called once per external call.
    function _campaign() internal view virtual returns (Campaign memory);

    /// @inheritdoc IArborDistributor
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external nonReentrant {
        Campaign memory c = _openCampaign();
        _verify(c.merkleRoot, index, account, amount, proof);
        _pay(c.token, index, account, account, amount);
    }

    /// @inheritdoc IArborDistributor
    function claimTo(uint256 index, uint256 amount, bytes32[] calldata proof, address to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        Campaign memory c = _openCampaign();
        _verify(c.merkleRoot, index, msg.sender, amount, proof);
        _pay(c.token, index, msg.sender, to, amount);
    }

    /// @inheritdoc IArborDistributor
    function claimWithSig(
        uint256 index,
        address account,
        uint256 amount,
        address to,
        uint256 deadline,
        bytes32[] calldata proof,
        bytes calldata signature
    ) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        Campaign memory c = _openCampaign();
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        _verify(c.merkleRoot, index, account, amount, proof);
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            _domainSeparatorV4(),
            _claimStructHash(index, account, amount, to, deadline)
        );
        if (!_isValidSignature(account, digest, signature)) revert InvalidSignature();
        _pay(c.token, index, account, to, amount);
    }

    /// @inheritdoc IArborDistributor
    /// @dev Skip-and-report: the multiproof covers the whole batch and a bad one reverts it (the
    /// relayer built it), but one claim that fails on its own (paid meanwhile, e.g. by its account
    /// front-running the batch; expired; badly signed) is skipped with `ClaimSkipped`, so nobody
    /// can make the relayer's transaction revert and lose the other claims.
    function claimMany(
        SignedClaim[] calldata claims,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external nonReentrant returns (uint256 paid) {
        uint256 count = claims.length;
        if (count == 0) revert EmptyBatch();
        Campaign memory c = _openCampaign();
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            leaves[i] = _leaf(claims[i].index, claims[i].account, claims[i].amount);
        }
        if (!MerkleProof.multiProofVerifyCalldata(proof, proofFlags, c.merkleRoot, leaves)) revert InvalidProof();

        bytes32 domainSeparator = _domainSeparatorV4();
        for (uint256 i = 0; i < count; ++i) {
            SignedClaim calldata signed = claims[i];
            SkipReason reason;
            if (_claimed.get(signed.index)) {
                reason = SkipReason.AlreadyClaimed;
            } else if (block.timestamp > signed.deadline) {
                reason = SkipReason.SignatureExpired;
            } else if (
                signed.to == address(0) ||
                !_isValidSignature(
                    signed.account,
                    MessageHashUtils.toTypedDataHash(
                        domainSeparator,
                        _claimStructHash(signed.index, signed.account, signed.amount, signed.to, signed.deadline)
                    ),
                    signed.signature
                )
            ) {
                reason = SkipReason.InvalidSignature;
            } else {
                _pay(c.token, signed.index, signed.account, signed.to, signed.amount);
                ++paid;
                continue;
            }
            emit ClaimSkipped(i, signed.index, reason);
        }
    }

    /// @inheritdoc IArborDistributor
    function claimAndDelegate(
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof,
        DelegationSignature calldata delegation
    ) external nonReentrant {
        Campaign memory c = _openCampaign();
        _verify(c.merkleRoot, index, account, amount, proof);
        _pay(c.token, index, account, account, amount);
        // The signature may have been submitted to the token directly (front-running this call):
        // what matters is that the account's votes end up with the delegatee.
        try
            IVotes(c.token).delegateBySig(
                delegation.delegatee,
                delegation.nonce,
                delegation.expiry,
                delegation.v,
                delegation.r,
                delegation.s
            )
        {} catch {}
        if (IVotes(c.token).delegates(account) != delegation.delegatee) {
            revert DelegationFailed(account, delegation.delegatee);
        }
    }

    /// @inheritdoc IArborDistributor
    function clawback(address to) external nonReentrant {
        Campaign memory c = _campaign();
        if (msg.sender != c.owner) revert NotOwner(msg.sender);
        if (block.timestamp < c.endTime) revert ClawbackBeforeEnd(c.endTime);
        if (to == address(0)) revert ZeroAddress();
        uint256 amount = IERC20(c.token).balanceOf(address(this));
        emit ClawedBack(to, amount);
        IERC20(c.token).safeTransfer(to, amount);
    }

    /// @inheritdoc IArborDistributor
    function isClaimed(uint256 index) external view returns (bool) {
        return _claimed.get(index);
    }

    /// @inheritdoc IArborDistributor
    function campaign() external view returns (Campaign memory) {
        return _campaign();
    }

    /// @inheritdoc IArborDistributor
    function token() external view returns (address) {
        return _campaign().token;
    }

    /// @inheritdoc IArborDistributor
    function merkleRoot() external view returns (bytes32) {
        return _campaign().merkleRoot;
    }

    /// @inheritdoc IArborDistributor
    function startTime() external view returns (uint64) {
        return _campaign().startTime;
    }

    /// @inheritdoc IArborDistributor
    function endTime() external view returns (uint64) {
        return _campaign().endTime;
    }

    /// @inheritdoc IArborDistributor
    function owner() external view returns (address) {
        return _campaign().owner;
    }

    /// @inheritdoc IArborDistributor
    function claimDigest(
        uint256 index,
        address account,
        uint256 amount,
        address to,
        uint256 deadline
    ) external view returns (bytes32) {
        return _hashTypedDataV4(_claimStructHash(index, account, amount, to, deadline));
    }

    function _openCampaign() private view returns (Campaign memory c) {
        c = _campaign();
        if (block.timestamp < c.startTime) revert ClaimsNotStarted(c.startTime);
        if (block.timestamp >= c.endTime) revert ClaimsEnded(c.endTime);
    }

    function _verify(
        bytes32 root,
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof
    ) private view {
        if (_claimed.get(index)) revert AlreadyClaimed(index);
        if (!MerkleProof.verifyCalldata(proof, root, _leaf(index, account, amount))) revert InvalidProof();
    }

    /// @dev Effects before the interaction: the index is marked before the token is called.
    function _pay(address token_, uint256 index, address account, address to, uint256 amount) private {
        _claimed.set(index);
        emit Claimed(index, account, to, amount);
        IERC20(token_).safeTransfer(to, amount);
    }

    /// @dev Recovery first: an EOA signature needs no code-size look-up of the account (a cold
    /// account costs 2,600 gas); anything else is asked through ERC-1271.
    function _isValidSignature(address account, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError recoverError, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (recoverError == ECDSA.RecoverError.NoError && recovered == account) return true;
        return account.code.length > 0 && SignatureChecker.isValidERC1271SignatureNowCalldata(account, digest, signature);
    }

    function _claimStructHash(
        uint256 index,
        address account,
        uint256 amount,
        address to,
        uint256 deadline
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(CLAIM_TYPEHASH, index, account, amount, to, deadline));
    }

    /// @dev OpenZeppelin's standard leaf: keccak256(bytes.concat(keccak256(abi.encode(values)))).
    function _leaf(uint256 index, address account, uint256 amount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
    }
}
