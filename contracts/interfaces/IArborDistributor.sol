// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Arbor airdrop distributor
/// @notice One per campaign: pays `amount` of `token` to `account` once per Merkle leaf
/// `(uint256 index, address account, uint256 amount)` (OpenZeppelin standard leaf), between
/// `startTime` (inclusive) and `endTime` (exclusive). After the end the owner may claw back the rest.
interface IArborDistributor {
    /// @notice A campaign's parameters, fixed when its distributor is created.
    struct Campaign {
        address token;
        bytes32 merkleRoot;
        uint64 startTime;
        uint64 endTime;
        address owner;
        /// @notice Digest of the allocation dataset this root was built from (e.g. keccak256 of the
        /// OpenZeppelin `standard-v1` dump's JSON bytes, or a CID's digest), so anyone can check
        /// that an export is the campaign's real dataset. Opaque to the contract; never zero.
        bytes32 contentHash;
    }

    /// @notice A claim an account signed (EIP-712 `Claim`) for a relayer to submit.
    struct SignedClaim {
        uint256 index;
        address account;
        uint256 amount;
        address to;
        uint256 deadline;
        bytes signature;
    }

    /// @notice The account's `delegateBySig` signature over the token's EIP-712 domain.
    struct DelegationSignature {
        address delegatee;
        uint256 nonce;
        uint256 expiry;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice Why `claimMany` skipped a claim; the rest of the batch is still paid.
    enum SkipReason {
        AlreadyClaimed,
        SignatureExpired,
        InvalidSignature
    }

    /// @notice Leaf `index` was paid: `amount` tokens of `account`'s allocation went to `to`.
    event Claimed(uint256 index, address indexed account, address indexed to, uint256 amount);
    /// @notice `claimMany` did not pay the claim at `position` of its batch, for `reason`.
    event ClaimSkipped(uint256 position, uint256 index, SkipReason reason);
    /// @notice The owner took back the unclaimed balance after the end time.
    event ClawedBack(address indexed to, uint256 amount);

    error InvalidProof();
    error AlreadyClaimed(uint256 index);
    error ClaimsNotStarted(uint64 startTime);
    error ClaimsEnded(uint64 endTime);
    error SignatureExpired(uint256 deadline);
    error InvalidSignature();
    error EmptyBatch();
    error DelegationFailed(address account, address delegatee);
    error NotOwner(address caller);
    error ClawbackBeforeEnd(uint64 endTime);
    error ZeroAddress();

    /// @notice Pays leaf `index` to `account`; anyone may submit it.
    function claim(uint256 index, address account, uint256 amount, bytes32[] calldata proof) external;

    /// @notice The caller is the leaf's account and sends its tokens to `to`.
    function claimTo(uint256 index, uint256 amount, bytes32[] calldata proof, address to) external;

    /// @notice A relayer submits `account`'s EIP-712 signature of
    /// `Claim(uint256 index,address account,uint256 amount,address to,uint256 deadline)`;
    /// contract accounts sign through ERC-1271.
    function claimWithSig(
        uint256 index,
        address account,
        uint256 amount,
        address to,
        uint256 deadline,
        bytes32[] calldata proof,
        bytes calldata signature
    ) external;

    /// @notice Pays a batch of signed claims checked by one multiproof. `claims` must be in the
    /// multiproof's leaf order. A bad proof reverts the batch; a claim that is already paid,
    /// expired or badly signed is skipped with `ClaimSkipped` and the others are paid.
    /// @return paid How many claims were paid.
    function claimMany(
        SignedClaim[] calldata claims,
        bytes32[] calldata proof,
        bool[] calldata proofFlags
    ) external returns (uint256 paid);

    /// @notice Pays leaf `index` to `account`, then submits `account`'s `delegateBySig` to the
    /// token so the airdrop counts as voting power at once. Anyone may submit it.
    function claimAndDelegate(
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof,
        DelegationSignature calldata delegation
    ) external;

    /// @notice Owner only, from the end time on: sends the remaining balance to `to`.
    function clawback(address to) external;

    function isClaimed(uint256 index) external view returns (bool);

    /// @notice All parameters at once.
    function campaign() external view returns (Campaign memory);

    function token() external view returns (address);

    function merkleRoot() external view returns (bytes32);

    function startTime() external view returns (uint64);

    function endTime() external view returns (uint64);

    function owner() external view returns (address);

    /// @notice The allocation dataset's content hash, committed when the distributor was created.
    function contentHash() external view returns (bytes32);

    /// @notice The EIP-712 digest `account` signs for `claimWithSig` and `claimMany`.
    function claimDigest(
        uint256 index,
        address account,
        uint256 amount,
        address to,
        uint256 deadline
    ) external view returns (bytes32);
}
