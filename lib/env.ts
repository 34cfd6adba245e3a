import { z } from 'zod'

/**
 * The only reader of `process.env`. Every variable Arbor understands is declared here, validated
 * once, and documented in `.env.example`. A bad value stops the process with the variable named.
 */

const optionalUrl = z.url().optional()
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((value) => value === '1' || value === 'true')

const addressList = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected comma-separated 0x addresses')))
  .transform((addresses) => [...new Set(addresses.map((address) => address.toLowerCase() as `0x${string}`))])

const serverObject = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Postgres server. Unset: embedded PGlite in `${ARBOR_DATA_DIR}/pgdata`. */
  DATABASE_URL: optionalUrl,
  /** Vercel Postgres (Neon), set by Vercel's integration; used when running on Vercel. */
  POSTGRES_URL: optionalUrl,
  /** Set to "1" by Vercel on its build and runtime machines. */
  VERCEL: flag,
  /** Where embedded data (PGlite, dev chain state, deployments) lives. */
  ARBOR_DATA_DIR: z.string().min(1).default('.arbor'),
  /** JSON-RPC of the chain Arbor talks to. Unset: `npm run dev` starts anvil on LOCAL_RPC_URL. */
  RPC_URL: z.url().optional(),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  /** Optional: the AI analyst uses OpenAI (or a compatible server) when a key is given. */
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /** Intake: verifier worker threads (default: the machine's parallelism; 0 verifies in-thread). */
  INTAKE_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
  /** Intake: a shard's batch is written this many ms after its first message (or at 1 000 messages). */
  INTAKE_FLUSH_MS: z.coerce.number().int().min(0).max(5_000).default(10),
  /**
   * Intake: when a vote is acknowledged (createIntakeEngine's `voteAck`): `batch` (default) at its
   * COMMIT, with what its own batch decided (readers derive on read, so the voter's own vote shows at
   * once); `derived` once the derivation pass covers its batch, so the answer says counted or
   * superseded across batches. Both answers are durable and prove inclusion in the log.
   */
  INTAKE_VOTE_ACK: z.enum(['derived', 'batch']).default('batch'),
  /** Intake: messages in flight before POSTs answer 429 with Retry-After. */
  INTAKE_MAX_PENDING: z.coerce.number().int().positive().default(20_000),
  /**
   * Intake: POSTs in flight per process before the next answers 429 + Retry-After at once. Under
   * `npm start` the front gate counts them before Next routes the request (lib/http/overload-gate.ts);
   * the route handler keeps the same limit (bare `next start`, Vercel).
   */
  INTAKE_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(64),
  /**
   * `npm start` (scripts/start.ts): requests in flight per process, other than intake POSTs, before
   * the front gate answers 429 with Retry-After (pages, reads). Intake POSTs use INTAKE_MAX_IN_FLIGHT.
   */
  WEB_MAX_IN_FLIGHT: z.coerce.number().int().positive().default(256),
  /**
   * `npm start` (experimental): event-loop delay in ms above which the front gate lowers the intake's
   * limit of requests in flight (AIMD, between 4 and INTAKE_MAX_IN_FLIGHT). Unset: a fixed limit.
   */
  INTAKE_SHED_LAG_MS: z.coerce.number().int().positive().optional(),
  /** `npm start` (experimental): as INTAKE_SHED_LAG_MS, on the admitted intake requests' 90th-percentile time in ms. */
  INTAKE_TARGET_MS: z.coerce.number().int().positive().optional(),
  /** `npm start`: the port to listen on when no `--port` is given (as `next start`). Default 3000. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** Settlement: the ArborSettlement contract checkpoints are posted to. */
  SETTLEMENT_ADDRESS: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x address').optional(),
  /** Settlement: private key of an account holding SETTLER_ROLE (0x + 64 hex). */
  SETTLER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex').optional(),
  /** Bearer token the cron routes require (Vercel Cron sends CRON_SECRET). */
  CRON_SECRET: z.string().min(16).optional(),
  /** Gasless claims: private key of the account that pays for relayed `claimMany` transactions (0x + 64 hex). Unset on a local anvil: dev account #0. */
  RELAYER_PRIVATE_KEY: z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex').optional(),
  /** Admin sign-in (SIWE): the addresses allowed into /admin, comma-separated. Unset: nobody. */
  ADMIN_ADDRESSES: addressList.default([]),
  /** Admin sign-in: the key that signs sign-in nonces (32+ characters). Required in production when ADMIN_ADDRESSES is set. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  /**
   * Admin sign-in: the public origin (https://arbor.example) sign-in messages must name and admin
   * writes must come from. Required in production when ADMIN_ADDRESSES is set. Unset (development,
   * local dev stack): the request's Host, if it is localhost.
   */
  APP_URL: z.url().optional(),
  /** Set by `npm run dev` (scripts/dev.ts) on the Next it starts, `--prod` included: the local dev stack. */
  ARBOR_DEV_STACK: flag,
  /** Proof serving: memory for campaign trees held by a server process, in MiB (a 1M-recipient tree is about 170). A larger tree is served by slices from Postgres. */
  PROOF_CACHE_MB: z.coerce.number().int().min(16).default(1024),
  /** Behind a reverse proxy that sets them: trust `x-forwarded-host` / `x-forwarded-proto` ("1"). Unset: ignored. */
  TRUST_PROXY: flag,
  /**
   * Opt-in, `npm start` only ("1"): scripts/start.ts answers well-formed GET proof requests itself
   * with the proof route's answer, before Next routes them (lib/airdrop/answer-proof-before-next.ts). Unset: Next's route answers.
   */
  PROOF_BEFORE_NEXT: flag,
  /** `npm run bench:proof` only: serves the constant baseline route `/api/bench/baseline-proof` ("1"). Refused in production builds otherwise. */
  BENCH_BASELINE: flag,
  /** Tests only: a Postgres server to run integration tests against (PGlite otherwise). */
  TEST_DATABASE_URL: optionalUrl,
  /** Tests only: the Chromium the browser tests drive. */
  CHROMIUM_PATH: z.string().min(1).optional(),
  /** Tests only: the ports of the browser tests' web server and anvil (two checkouts can test side by side). */
  E2E_WEB_PORT: z.coerce.number().int().positive().default(3100),
  E2E_RPC_PORT: z.coerce.number().int().positive().default(8646),
  CI: flag,
})

const serverSchema = serverObject.superRefine((value, context) => {
  // A per-process nonce key is fine on one dev server; in production instances must share one.
  if (value.NODE_ENV === 'production' && value.ADMIN_ADDRESSES.length > 0 && !value.SESSION_SECRET) {
    context.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'required in production when ADMIN_ADDRESSES is set' })
  }
  // A key that spends gas behind a cron route: without the route's secret anyone could make it spend.
  // The local dev stack (npm run dev, --prod included) is exempt, as authorizeCron exempts it.
  if (value.NODE_ENV === 'production' && !value.CRON_SECRET && !value.ARBOR_DEV_STACK) {
    for (const key of ['SETTLER_PRIVATE_KEY', 'RELAYER_PRIVATE_KEY'] as const) {
      if (value[key]) context.addIssue({ code: 'custom', path: ['CRON_SECRET'], message: `required in production when ${key} is set (the cron routes that spend its gas refuse every request without it)` })
    }
  }
  // Sign-in is bound to this origin; a Host header is whatever the caller writes.
  if (value.NODE_ENV === 'production' && value.ADMIN_ADDRESSES.length > 0 && !value.APP_URL && !value.ARBOR_DEV_STACK) {
    context.addIssue({ code: 'custom', path: ['APP_URL'], message: 'required in production when ADMIN_ADDRESSES is set (the public origin, e.g. https://arbor.example)' })
  }
})

const clientSchema = z.object({
  NEXT_PUBLIC_CHAIN_ID: z.coerce.number().int().positive().default(31337),
  NEXT_PUBLIC_RPC_URL: z.url().default('http://127.0.0.1:8545'),
})

export type ServerEnv = z.infer<typeof serverSchema>
export type ClientEnv = z.infer<typeof clientSchema>

function parse<T extends z.ZodType>(schema: T, values: Record<string, string | undefined>): z.infer<T> {
  // Empty strings mean "unset": `.env` files often carry `KEY=` lines.
  const present = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''))
  const result = schema.safeParse(present)
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n')
    throw new Error(`Invalid environment variables:\n${problems}`)
  }
  return result.data
}

/** Where `npm run dev` starts its local anvil when RPC_URL is unset. */
export const LOCAL_RPC_URL = 'http://127.0.0.1:8545'

const isServer = typeof window === 'undefined'

/** Server configuration. Importing this in client code is a bug: it throws there. */
export const env: ServerEnv = isServer
  ? parse(serverSchema, process.env)
  : (new Proxy({}, {
      get() {
        throw new Error('lib/env: server variables were read in the browser')
      },
    }) as ServerEnv)

/** Public configuration, inlined into the browser bundle by Next (each name must be spelled out). */
export const clientEnv: ClientEnv = parse(clientSchema, {
  NEXT_PUBLIC_CHAIN_ID: process.env.NEXT_PUBLIC_CHAIN_ID,
  NEXT_PUBLIC_RPC_URL: process.env.NEXT_PUBLIC_RPC_URL,
})

/** The environment handed to child processes (the dev stack starts anvil and Next). */
export function childProcessEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides }
}
