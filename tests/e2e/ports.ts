import { env } from '../../lib/env'

/** The browser tests' web server and anvil (E2E_WEB_PORT, E2E_RPC_PORT; defaults 3100 and 8646). */
export const webPort = env.E2E_WEB_PORT
export const rpcPort = env.E2E_RPC_PORT
/** The e2e stack's anvil, as the injected wallet and the tests' chain client reach it. */
export const rpcUrl = `http://127.0.0.1:${rpcPort}`
