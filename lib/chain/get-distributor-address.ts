import { concat, encodeAbiParameters, getContractAddress, type Address } from 'viem'
import { arborDistributorAbi, arborDistributorBytecode } from './contracts'
import { zeroSalt, type PredictDistributorAddressParameters } from './create-distributor'

const constructorInputs = arborDistributorAbi.find((item) => item.type === 'constructor')!.inputs

/**
 * The CREATE2 address `ArborDistributorFactory` at `factory` gives the campaign, computed offline
 * (no RPC): keccak256(0xff ++ factory ++ salt ++ keccak256(creation code ++ abi.encode(campaign))).
 * Equal to the factory's `predictDistributorAddress` for the distributor code compiled here.
 */
export function getDistributorAddress({ factory, campaign, salt = zeroSalt }: PredictDistributorAddressParameters): Address {
  const initCode = concat([arborDistributorBytecode, encodeAbiParameters(constructorInputs, [campaign])])
  return getContractAddress({ opcode: 'CREATE2', from: factory, salt, bytecode: initCode })
}
