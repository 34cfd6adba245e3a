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
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IArborDistributor} from "./interfaces/IArborDistributor.sol";

/// @title ArborDistributor
/// @notice One airdrop campaign, deployed in full by `ArborDistributorFactory` (CREATE2). Its
/// parameters are constructor immutables: they live in the code, so reading them costs no storage.
/// @dev Every claim path is checks -> effects -> interactions: the window, the claimed bit, the
/// proof (and signature) are checked, the bit is set and `Claimed` emitted, then the token is called.
contract ArborDistributor is IArborDistributor, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    bytes32 public constant CLAIM_TYPEHASH =
        keccak256("Claim(uint256 index,address account,uint256 amount,address to,uint256 deadline)");

    address private immutable _token;
    bytes32 private immutable _merkleRoot;
    uint64 private immutable _startTime;
    uint64 private immutable _endTime;
    address private immutable _owner;
    bytes32 private immutable _contentHash;

    /// @dev Claimed indices, 256 per word (OpenZeppelin `BitMaps`' layout). Read and written here
    /// directly so a claim loads its word once: `BitMaps.get` then `BitMaps.set` hash the slot and
    /// load the word twice.
    mapping(uint256 word => uint256 bits) private _claimedWords;

    /// @dev OpenZeppelin's `nonReentrant` written in place, on the same transient slot
    /// (`_reentrancyGuardStorageSlot()`) with the same error, so `claim` and the `nonReentrant` paths
    /// lock each other out. OpenZeppelin's modifier reaches the slot through four internal calls
    /// (0.49k gas measured on `claim`); three transient-storage opcodes cost 0.3k. (Without any lock
    /// `claim` would still be safe, being checks-effects-interactions on the campaign's own ERC20
    /// through SafeERC20: a re-entered claim of the same index finds its bit set, and one of another
    /// index only pays that leaf's account, which anyone may do. The lock costs little enough to keep.)
    modifier nonReentrantClaim() {
        bytes32 slot = _reentrancyGuardStorageSlot();
        bool entered;
        assembly ("memory-safe") {
            entered := tload(slot)
        }
        if (entered) revert ReentrancyGuardReentrantCall();
        assembly ("memory-safe") {
            tstore(slot, 1)
        }
        _;
        assembly ("memory-safe") {
            tstore(slot, 0)
        }
    }

    /// @dev The factory checks the campaign before deploying (zero addresses, empty root or content
    /// hash, empty window).
    constructor(Campaign memory c) EIP712("ArborDistributor", "1") {
        _token = c.token;
        _merkleRoot = c.merkleRoot;
        _startTime = c.startTime;
        _endTime = c.endTime;
        _owner = c.owner;
        _contentHash = c.contentHash;
    }

    /// @inheritdoc IArborDistributor
    /// @dev The recipients' hot path, kept flat: the campaign's immutables read in place (no
    /// five-field struct copied to memory), no internal hops, the bitmap word loaded once, the leaf
    /// hashed in scratch memory. It keeps a reentrancy lock, `nonReentrantClaim`: the same lock as
    /// every other path, taken without OpenZeppelin's internal calls.
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external nonReentrantClaim {
        if (block.timestamp < _startTime) revert ClaimsNotStarted(_startTime);
        if (block.timestamp >= _endTime) revert ClaimsEnded(_endTime);
        uint256 word = index >> 8;
        uint256 mask = 1 << (index & 0xff);
        uint256 bits = _claimedWords[word];
        if (bits & mask != 0) revert AlreadyClaimed(index);
        if (!MerkleProof.verifyCalldata(proof, _merkleRoot, _leaf(index, account, amount))) revert InvalidProof();
        _claimedWords[word] = bits | mask;
        emit Claimed(index, account, account, amount);
        IERC20(_token).safeTransfer(account, amount);
    }

    /// @inheritdoc IArborDistributor
    function claimTo(uint256 index, uint256 amount, bytes32[] calldata proof, address to) external nonReentrant {
        if (to == address(0)) revert ZeroAddress();
        _requireOpen();
        (uint256 word, uint256 claimedBits) = _verify(index, msg.sender, amount, proof);
        _claimedWords[word] = claimedBits;
        _pay(index, msg.sender, to, amount);
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
        _requireOpen();
        if (block.timestamp > deadline) revert SignatureExpired(deadline);
        bytes32 digest = MessageHashUtils.toTypedDataHash(
            _domainSeparatorV4(),
            _claimStructHash(index, account, amount, to, deadline)
        );
        (uint256 word, uint256 claimedBits) = _verify(index, account, amount, proof);
        if (!_isValidSignature(account, digest, signature)) revert InvalidSignature();
        _claimedWords[word] = claimedBits;
        _pay(index, account, to, amount);
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
        _requireOpen();
        bytes32[] memory leaves = new bytes32[](count);
        for (uint256 i = 0; i < count; ++i) {
            leaves[i] = _leaf(claims[i].index, claims[i].account, claims[i].amount);
        }
        if (!MerkleProof.multiProofVerifyCalldata(proof, proofFlags, _merkleRoot, leaves)) revert InvalidProof();

        bytes32 domainSeparator = _domainSeparatorV4();
        for (uint256 i = 0; i < count; ++i) {
            SignedClaim calldata signed = claims[i];
            SkipReason reason;
            uint256 word = signed.index >> 8;
            uint256 mask = 1 << (signed.index & 0xff);
            uint256 bits = _claimedWords[word];
            if (bits & mask != 0) {
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
                _claimedWords[word] = bits | mask;
                _pay(signed.index, signed.account, signed.to, signed.amount);
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
        _requireOpen();
        (uint256 word, uint256 claimedBits) = _verify(index, account, amount, proof);
        _claimedWords[word] = claimedBits;
        _pay(index, account, account, amount);
        // The signature may have been submitted to the token directly (front-running this call):
        // what matters is that the account's votes end up with the delegatee.
        try
            IVotes(_token).delegateBySig(
                delegation.delegatee,
                delegation.nonce,
                delegation.expiry,
                delegation.v,
                delegation.r,
                delegation.s
            )
        {} catch {}
        if (IVotes(_token).delegates(account) != delegation.delegatee) {
            revert DelegationFailed(account, delegation.delegatee);
        }
    }

    /// @inheritdoc IArborDistributor
    function clawback(address to) external nonReentrant {
        if (msg.sender != _owner) revert NotOwner(msg.sender);
        if (block.timestamp < _endTime) revert ClawbackBeforeEnd(_endTime);
        if (to == address(0)) revert ZeroAddress();
        uint256 amount = IERC20(_token).balanceOf(address(this));
        emit ClawedBack(to, amount);
        IERC20(_token).safeTransfer(to, amount);
    }

    /// @inheritdoc IArborDistributor
    function isClaimed(uint256 index) external view returns (bool) {
        return _claimedWords[index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @inheritdoc IArborDistributor
    function campaign() external view returns (Campaign memory) {
        return
            Campaign({
                token: _token,
                merkleRoot: _merkleRoot,
                startTime: _startTime,
                endTime: _endTime,
                owner: _owner,
                contentHash: _contentHash
            });
    }

    /// @inheritdoc IArborDistributor
    function token() external view returns (address) {
        return _token;
    }

    /// @inheritdoc IArborDistributor
    function merkleRoot() external view returns (bytes32) {
        return _merkleRoot;
    }

    /// @inheritdoc IArborDistributor
    function startTime() external view returns (uint64) {
        return _startTime;
    }

    /// @inheritdoc IArborDistributor
    function endTime() external view returns (uint64) {
        return _endTime;
    }

    /// @inheritdoc IArborDistributor
    function owner() external view returns (address) {
        return _owner;
    }

    /// @inheritdoc IArborDistributor
    function contentHash() external view returns (bytes32) {
        return _contentHash;
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

    function _requireOpen() private view {
        if (block.timestamp < _startTime) revert ClaimsNotStarted(_startTime);
        if (block.timestamp >= _endTime) revert ClaimsEnded(_endTime);
    }

    /// @dev Checks that `index` is unclaimed and its leaf is in the tree; returns its bitmap word
    /// and that word with the index's bit set, for the caller to store once every check passed.
    function _verify(
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof
    ) private view returns (uint256 word, uint256 claimedBits) {
        word = index >> 8;
        uint256 mask = 1 << (index & 0xff);
        uint256 bits = _claimedWords[word];
        if (bits & mask != 0) revert AlreadyClaimed(index);
        if (!MerkleProof.verifyCalldata(proof, _merkleRoot, _leaf(index, account, amount))) revert InvalidProof();
        claimedBits = bits | mask;
    }

    /// @dev The effect and the interaction of a claim whose bit is already set.
    function _pay(uint256 index, address account, address to, uint256 amount) private {
        emit Claimed(index, account, to, amount);
        IERC20(_token).safeTransfer(to, amount);
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

    /// @dev OpenZeppelin's standard leaf, keccak256(bytes.concat(keccak256(abi.encode(index, account,
    /// amount)))), hashed in scratch memory past the free pointer (never allocated).
    function _leaf(uint256 index, address account, uint256 amount) private pure returns (bytes32 leaf) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, index)
            mstore(add(ptr, 0x20), and(account, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(add(ptr, 0x40), amount)
            mstore(0x00, keccak256(ptr, 0x60))
            leaf := keccak256(0x00, 0x20)
        }
    }
}
