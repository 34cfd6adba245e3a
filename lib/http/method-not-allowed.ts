/** The methods a route handler module can export besides those it serves. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
type Method = (typeof METHODS)[number]

type Handler = (request: Request) => Response

/**
 * Handlers for every method a route does not serve: 405 with `Allow` and the usual JSON error
 * body (`{ error: { code, message, details: { allow } } }`), instead of Next's empty 405. In a
 * route file, after its own handlers:
 *
 *   export const { GET, PUT, PATCH, DELETE } = methodNotAllowed('POST')
 *
 * (HEAD follows GET and OPTIONS is answered by Next with the same Allow list.)
 */
export function methodNotAllowed<const A extends Method>(...allowed: A[]): Record<Exclude<Method, A>, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET' as A) ? ['HEAD'] : []), 'OPTIONS'].join(', ')
  const handler: Handler = (request) =>
    Response.json(
      { error: { code: 'method_not_allowed', message: `${request.method} is not allowed here; use ${allowed.join(' or ')}`, details: { allow } } },
      { status: 405, headers: { allow } },
    )
  return Object.fromEntries(METHODS.filter((method) => !allowed.includes(method as A)).map((method) => [method, handler])) as Record<Exclude<Method, A>, Handler>
}
