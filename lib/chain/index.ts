// Server-side chain access. Browser code imports `@/lib/chain/wagmi` (and ABIs from
// `@/lib/chain/contracts`) directly: this index pulls in node:child_process through anvil.
export { startAnvil, resolveAnvilBinary } from './anvil'
export type { StartAnvilParameters, StartAnvilReturnType } from './anvil'
export { createChainClients, isLocalRpcUrl, toAccount } from './clients'
export type { AccountSource, ChainClients, CreateChainClientsParameters } from './clients'
export {
  arborDistributorAbi,
  arborDistributorFactoryAbi,
  arborDistributorFactoryBytecode,
  arborExecutorAbi,
  arborExecutorBytecode,
  arborSettlementAbi,
  arborSettlementBytecode,
  arborTimelockAbi,
  arborTimelockBytecode,
  arborTokenAbi,
  arborTokenBytecode,
  iArborDistributorAbi,
  iArborSettlementAbi,
  iArborTokenAbi,
} from './contracts'
export { claimTypes, getClaimTypedData } from './claim-typed-data'
export { getVoteTypedData, VOTE_DOMAIN, voteArraysOf, voteTypes } from './vote-typed-data'
export type { GetVoteTypedDataParameters, GetVoteTypedDataReturnType, VoteBallot } from './vote-typed-data'
export type { GetClaimTypedDataParameters, GetClaimTypedDataReturnType } from './claim-typed-data'
export { createDistributor, predictDistributorAddress } from './create-distributor'
export type {
  CreateDistributorParameters,
  CreateDistributorReturnType,
  DistributorCampaign,
  PredictDistributorAddressParameters,
} from './create-distributor'
export { getDistributorAddress } from './get-distributor-address'
export { isLocalDevChain } from './is-local-dev-chain'
export { deployDemoCampaign, demoAllocationEncoding } from './deploy-demo-campaign'
export type { DeployDemoCampaignParameters, DeployDemoCampaignReturnType, DemoAllocation } from './deploy-demo-campaign'
export { deployContract } from './deploy-contract'
export type { DeployContractParameters, DeployContractReturnType } from './deploy-contract'
export { deployDaoExecutor, TIMELOCK_ROLES } from './deploy-dao-executor'
export type { DeployDaoExecutorParameters, DeployDaoExecutorReturnType } from './deploy-dao-executor'
export { deployDemoContracts } from './deploy-demo'
export type { DeployDemoContractsParameters, DeployDemoContractsReturnType } from './deploy-demo'
export { devAccounts, devMnemonic } from './dev-accounts'
export type { DevAccount } from './dev-accounts'
export { AnvilNotInstalledError, AnvilStartError, ContractDeploymentError, TransactionRevertedError } from './errors'
export { getPublicClient } from './get-public-client'
export { readTokenInfo } from './read-token'
export type { TokenInfo } from './read-token'
