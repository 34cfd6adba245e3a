import { createHash, timingSafeEqual } from 'node:crypto'
import { isLocalDevChain } from '../chain/is-local-dev-chain'
import { env, LOCAL_RPC_URL } from '../env'
import { BaseError } from '../errors'

/** A cron route was called without its secret (401), or no secret is configured (401, naming CRON_SECRET). */
export class CronUnauthorizedError extends BaseError {
  override name = 'CronUnauthorizedError'
  constructor(message: string) {
    super(message, { code: 'unauthorized', details: { variable: 'CRON_SECRET', header: 'Authorization: Bearer <CRON_SECRET>' } })
  }
}

export type AuthorizeCronParameters = {
  /** Default `CRON_SECRET`. */
  secret?: string
  /** Whether this is the local dev stack (anvil, chain 31337, on this machine). Default from RPC_URL / CHAIN_ID. */
  localDevStack?: boolean
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * Fails closed: with `CRON_SECRET` set, the request must carry `Authorization: Bearer <CRON_SECRET>`
 * (compared in constant time); without it every request is refused with a 401 naming the variable,
 * except on the local dev stack, where nothing of value is at stake. Throws `CronUnauthorizedError`.
 */
export function authorizeCron(
  request: Request,
  {
    secret = env.CRON_SECRET,
    localDevStack = isLocalDevChain({ chainId: env.CHAIN_ID, rpcUrl: env.RPC_URL ?? LOCAL_RPC_URL }),
  }: AuthorizeCronParameters = {},
): void {
  if (!secret) {
    if (localDevStack) return
    throw new CronUnauthorizedError('CRON_SECRET is not set: cron routes refuse every request until it is')
  }
  const header = request.headers.get('authorization') ?? ''
  const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  if (!timingSafeEqual(digest(presented), digest(secret))) {
    throw new CronUnauthorizedError('missing or wrong cron secret: send Authorization: Bearer <CRON_SECRET>')
  }
}
