import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { getIntakeAdmission, getIntakeEngine } from '@/lib/intake/get-intake-engine'
import { respondToSubmit } from '@/lib/intake/respond-to-submit'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'

/** One signed vote or an array of up to 1 000; answers after the batch committed. */
export function POST(request: Request): Promise<Response> {
  return respondToSubmit(getIntakeEngine(), 'vote', request, getIntakeAdmission())
}

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
