import { parseAbiItem, toFunctionSelector, type AbiFunction } from 'viem'

/**
 * Functions the analyst decodes without help: the calls governance attacks and ordinary
 * proposals actually make. Parameter names matter: rules read arguments by name.
 */
const signatures = [
  // ERC-20 and friends
  'function transfer(address to, uint256 amount)',
  'function approve(address spender, uint256 amount)',
  'function transferFrom(address from, address to, uint256 amount)',
  'function increaseAllowance(address spender, uint256 addedValue)',
  'function mint(address to, uint256 amount)',
  'function burn(uint256 amount)',
  'function delegate(address delegatee)',
  // ERC-721 / ERC-1155 moves
  'function safeTransferFrom(address from, address to, uint256 tokenId)',
  'function setApprovalForAll(address operator, bool approved)',
  // Ownable / Ownable2Step
  'function transferOwnership(address newOwner)',
  'function renounceOwnership()',
  'function acceptOwnership()',
  // AccessControl
  'function grantRole(bytes32 role, address account)',
  'function revokeRole(bytes32 role, address account)',
  'function renounceRole(bytes32 role, address callerConfirmation)',
  // UUPS / transparent proxies / ProxyAdmin / diamonds
  'function upgradeTo(address newImplementation)',
  'function upgradeToAndCall(address newImplementation, bytes data)',
  'function changeAdmin(address newAdmin)',
  'function upgrade(address proxy, address implementation)',
  'function upgradeAndCall(address proxy, address implementation, bytes data)',
  'function changeProxyAdmin(address proxy, address newAdmin)',
  'function diamondCut((address facetAddress, uint8 action, bytes4[] functionSelectors)[] diamondCut, address init, bytes initCalldata)',
  // initializers (the common shapes)
  'function initialize()',
  'function initialize(address owner)',
  'function initialize(address owner, address guardian)',
  // OpenZeppelin Governor settings
  'function setVotingDelay(uint48 newVotingDelay)',
  'function setVotingPeriod(uint32 newVotingPeriod)',
  'function setProposalThreshold(uint256 newProposalThreshold)',
  'function updateQuorumNumerator(uint256 newQuorumNumerator)',
  'function updateTimelock(address newTimelock)',
  'function relay(address target, uint256 value, bytes data)',
  // Compound GovernorBravo / Comptroller
  '_setVotingDelay(uint256 newVotingDelay)',
  '_setVotingPeriod(uint256 newVotingPeriod)',
  '_setProposalThreshold(uint256 newProposalThreshold)',
  '_setPendingAdmin(address newPendingAdmin)',
  '_acceptAdmin()',
  '_setImplementation(address implementation)',
  '_grantComp(address recipient, uint256 amount)',
  '_setCollateralFactor(address cToken, uint256 newCollateralFactorMantissa)',
  '_setReserveFactor(uint256 newReserveFactorMantissa)',
  '_setPriceOracle(address newOracle)',
  // OpenZeppelin TimelockController
  'function updateDelay(uint256 newDelay)',
  'function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt)',
  'function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)',
  'function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt)',
  'function cancel(bytes32 id)',
  // Compound Timelock
  'function setDelay(uint256 delay)',
  'function setPendingAdmin(address pendingAdmin)',
  'function acceptAdmin()',
  'function queueTransaction(address target, uint256 value, string signature, bytes data, uint256 eta)',
  'function executeTransaction(address target, uint256 value, string signature, bytes data, uint256 eta)',
  // Safe
  'function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)',
  'function addOwnerWithThreshold(address owner, uint256 threshold)',
  'function removeOwner(address prevOwner, address owner, uint256 threshold)',
  'function swapOwner(address prevOwner, address oldOwner, address newOwner)',
  'function changeThreshold(uint256 threshold)',
  'function enableModule(address module)',
  'function setGuard(address guard)',
  'function setFallbackHandler(address handler)',
  'function multiSend(bytes transactions)',
  // Multicall flavours
  'function multicall(bytes[] data)',
  'function multicall(uint256 deadline, bytes[] data)',
  'function aggregate((address target, bytes callData)[] calls)',
  'function tryAggregate(bool requireSuccess, (address target, bytes callData)[] calls)',
  'function aggregate3((address target, bool allowFailure, bytes callData)[] calls)',
  'function aggregate3Value((address target, bool allowFailure, uint256 value, bytes callData)[] calls)',
  // delegatecall executors: DSProxy, Tornado-style proposal contracts
  'function execute(address target, bytes data)',
  'function executeProposal()',
  // pausing and oracles
  'function pause()',
  'function unpause()',
  'function setOracle(address oracle)',
  'function setPriceFeed(address asset, address feed)',
] as const

function toItem(signature: string): AbiFunction {
  return parseAbiItem(signature.startsWith('function ') ? signature : `function ${signature}`) as AbiFunction
}

export const knownFunctions: ReadonlyMap<string, AbiFunction> = new Map(
  signatures.map((signature) => {
    const item = toItem(signature)
    return [toFunctionSelector(item), item] as const
  }),
)

/** The built-in ABI for a 4-byte selector, if any. */
export function findKnownFunction(selector: string): AbiFunction | undefined {
  return knownFunctions.get(selector.toLowerCase())
}
