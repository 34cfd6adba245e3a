import { BaseError } from '@/lib/errors'
import { siweBindingOf } from './siwe-binding-of'

/** A state-changing admin request sent from another site (403): a cross-site form post riding the session cookie. */
export class CrossOriginRequestError extends BaseError {
  override name = 'CrossOriginRequestError'
  constructor(origin: string | null) {
    super(`requests must come from this site${origin ? `, not ${origin}` : ' (no Origin header)'}`, { code: 'forbidden', details: { field: 'origin' } })
  }
}

/** Throws `CrossOriginRequestError` unless the request's Origin is this site (APP_URL, else its Host). */
export function assertSameOrigin(request: Request, { appUrl }: { appUrl?: string } = {}): void {
  const origin = request.headers.get('origin')
  if (!origin || origin.toLowerCase() !== siweBindingOf(request, { appUrl }).origin.toLowerCase()) throw new CrossOriginRequestError(origin)
}
