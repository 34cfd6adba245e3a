import { SignInRejectedError } from './errors'
import { isLoopbackHost, requestSiteOf } from './request-site-of'

/** Where a sign-in message must say it was made: this site's host and origin. */
export type SiweBinding = { domain: string; origin: string; secure: boolean }

export type SiweBindingOfParameters = {
  /** APP_URL: the public origin. When set, sign-in is bound to it and to nothing else. */
  appUrl?: string
  /** TRUST_PROXY: believe `x-forwarded-host` / `x-forwarded-proto`. */
  trustProxy?: boolean
  /**
   * Without APP_URL, accept the request's own Host when it is this machine (localhost, 127.0.0.1):
   * true in development and on the local dev stack (`npm run dev`), false elsewhere.
   */
  allowLoopback?: boolean
}

/**
 * The site a sign-in must name. APP_URL when set. Without it, only on the local dev stack, the
 * request's Host, and only a loopback one: a look-alike site cannot have an admin sign a message
 * for its own domain and replay it here with `Host:` set to that domain. Throws
 * `SignInRejectedError` (401, field `domain`) otherwise, `InvalidSignInError` (field `host`) without a Host.
 */
export function siweBindingOf(request: Request, { appUrl, trustProxy = false, allowLoopback = false }: SiweBindingOfParameters = {}): SiweBinding {
  if (appUrl) {
    const url = new URL(appUrl)
    return { domain: url.host, origin: url.origin, secure: url.protocol === 'https:' }
  }
  const site = requestSiteOf(request, { trustProxy })
  if (!allowLoopback || !isLoopbackHost(site.host)) {
    throw new SignInRejectedError(
      'domain',
      allowLoopback
        ? `APP_URL is not set, so sign-in works only on this machine (localhost), not on ${site.host}`
        : 'APP_URL is not set: sign-in is bound to APP_URL outside the local dev stack',
    )
  }
  return { domain: site.host, origin: site.origin, secure: site.scheme === 'https' }
}
