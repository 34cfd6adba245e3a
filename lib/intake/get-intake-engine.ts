import { getPublicClient } from '../chain/get-public-client'
import { getDatabase } from '../db/get-database'
import { env } from '../env'
import { createAdmission, type Admission } from '../http/admission'
import { createClaimMessageType } from './claim-message'
import { createClaimEligibility } from './create-claim-eligibility'
import { createIntakeEngine, type IntakeEngine } from './create-intake-engine'
import { createVoteEligibility } from './create-vote-eligibility'
import { createVerifierPool } from './verifier-pool'
import { createVoteMessageType } from './vote-message'

// One engine per server process, on globalThis so Next's module reloads (dev) do not start
// another pool of worker threads.
const cache = globalThis as typeof globalThis & { __arborIntake?: IntakeEngine; __arborIntakeAdmission?: Admission }

/** The process's admission limit for the intake routes (INTAKE_MAX_IN_FLIGHT requests in flight). */
export function getIntakeAdmission(): Admission {
  cache.__arborIntakeAdmission ??= createAdmission({ maxInFlight: env.INTAKE_MAX_IN_FLIGHT })
  return cache.__arborIntakeAdmission
}

/** The engine if this process started one (shutdown must not start one to close it). */
export function peekIntakeEngine(): IntakeEngine | undefined {
  return cache.__arborIntake
}

/** The process's intake engine (Vote and Claim), started on first use from lib/env. */
export function getIntakeEngine(): IntakeEngine {
  if (!cache.__arborIntake) {
    const { sql } = getDatabase()
    const client = getPublicClient()
    cache.__arborIntake = createIntakeEngine({
      sql,
      types: [createVoteMessageType(createVoteEligibility({ sql, client })), createClaimMessageType(createClaimEligibility({ sql, client }))],
      pool: createVerifierPool({ size: env.INTAKE_WORKERS }),
      flushMs: env.INTAKE_FLUSH_MS,
      maxPending: env.INTAKE_MAX_PENDING,
      voteAck: env.INTAKE_VOTE_ACK,
    })
  }
  return cache.__arborIntake
}
