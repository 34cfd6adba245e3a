import { InvalidSignInError } from './errors'

export type RequestSiteOfParameters = {
  /** TRUST_PROXY: take `x-forwarded-host` / `x-forwarded-proto` as the site. Off: they are ignored. */
  trustProxy?: boolean
}

/** The site a request says it reached: `host` lowercase with its port, `scheme` http or https. */
export type RequestSite = { host: string; scheme: 'http' | 'https'; origin: string }

/**
 * Host and scheme from the request itself: the Host header and the URL's protocol, or the
 * proxy's `x-forwarded-*` headers when the deployment says a proxy sets them. Throws
 * `InvalidSignInError` (field `host`) without a Host.
 */
export function requestSiteOf(request: { headers: Headers; url?: string }, { trustProxy = false }: RequestSiteOfParameters = {}): RequestSite {
  const first = (name: string) => request.headers.get(name)?.split(',')[0]?.trim() || undefined
  const host = ((trustProxy ? first('x-forwarded-host') : undefined) ?? request.headers.get('host'))?.toLowerCase()
  if (!host) throw new InvalidSignInError('host', 'the request has no Host header')
  const forwarded = trustProxy ? first('x-forwarded-proto') : undefined
  const own = request.url ? new URL(request.url).protocol.replace(/:$/, '') : 'http'
  const scheme = forwarded === 'https' || forwarded === 'http' ? forwarded : own === 'https' ? 'https' : 'http'
  return { host, scheme, origin: `${scheme}://${host}` }
}

/** localhost, *.localhost, 127.0.0.0/8 and [::1], with or without a port. */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '')
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
}
