import { InvalidSignInError } from './errors'

/** Where a sign-in message must say it was made: this site's host and origin. */
export type SiweBinding = { domain: string; origin: string; secure: boolean }

export type SiweBindingOfParameters = {
  /** APP_URL: the public origin, when configured; it wins over the request's Host. */
  appUrl?: string
}

/**
 * The site a sign-in request reached: APP_URL when set, else the request's Host header with the
 * scheme the request came in on (`x-forwarded-proto` behind a proxy). A message signed for another
 * domain (a phishing site asking an admin to sign) does not match it.
 */
export function siweBindingOf(request: Request, { appUrl }: SiweBindingOfParameters = {}): SiweBinding {
  if (appUrl) {
    const url = new URL(appUrl)
    return { domain: url.host, origin: url.origin, secure: url.protocol === 'https:' }
  }
  const host = request.headers.get('host')
  if (!host) throw new InvalidSignInError('host', 'the request has no Host header')
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim()
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : new URL(request.url).protocol.replace(/:$/, '')
  return { domain: host.toLowerCase(), origin: `${scheme}://${host.toLowerCase()}`, secure: scheme === 'https' }
}
