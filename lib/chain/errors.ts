import { BaseError } from '@/lib/errors'

/** No anvil binary for this platform: the optional `@foundry-rs/anvil-<os>-<arch>` is missing. */
export class AnvilNotInstalledError extends BaseError {
  override name = 'AnvilNotInstalledError'
  constructor(packageName: string, cause?: unknown) {
    super(
      `anvil is not installed for ${process.platform}-${process.arch}: expected the npm package ${packageName} (an optional dependency of @foundry-rs/anvil; run npm install without --no-optional)`,
      { code: 'internal', details: { packageName }, cause },
    )
  }
}

/** anvil exited or did not answer JSON-RPC in time. `details.output` holds its last log lines. */
export class AnvilStartError extends BaseError {
  override name = 'AnvilStartError'
  constructor(message: string, details: { rpcUrl: string; output: string }, cause?: unknown) {
    super(`${message}\n${details.output}`.trimEnd(), { code: 'internal', details, cause })
  }
}

/** A deployment transaction was mined but reverted, or created no contract. */
export class ContractDeploymentError extends BaseError {
  override name = 'ContractDeploymentError'
  constructor(details: { transactionHash: string; status: string }) {
    super(`contract deployment failed (${details.status}) in ${details.transactionHash}`, { code: 'internal', details })
  }
}

/** A transaction was mined but reverted. */
export class TransactionRevertedError extends BaseError {
  override name = 'TransactionRevertedError'
  constructor(details: { transactionHash: string }) {
    super(`transaction reverted: ${details.transactionHash}`, { code: 'internal', details })
  }
}
