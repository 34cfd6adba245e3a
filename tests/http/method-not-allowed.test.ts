/**
 * Every API route answers a method it does not serve with 405, an `Allow` header and the usual
 * JSON error body (Next's own 405 has neither).
 */
import { describe, expect, it } from 'vitest'

const routes: Record<string, { allow: string[]; load: () => Promise<Record<string, unknown>> }> = {
  '/api/votes': { allow: ['POST'], load: () => import('@/app/api/votes/route') },
  '/api/claims': { allow: ['POST'], load: () => import('@/app/api/claims/route') },
  '/api/receipts/[id]': { allow: ['GET'], load: () => import('@/app/api/receipts/[id]/route') },
  '/api/admin/analyze': { allow: ['POST'], load: () => import('@/app/api/admin/analyze/route') },
  '/api/auth/logout': { allow: ['POST'], load: () => import('@/app/api/auth/logout/route') },
  '/api/auth/verify': { allow: ['POST'], load: () => import('@/app/api/auth/verify/route') },
  '/api/auth/nonce': { allow: ['GET'], load: () => import('@/app/api/auth/nonce/route') },
  '/api/auth/session': { allow: ['GET'], load: () => import('@/app/api/auth/session/route') },
  '/api/cron/settle': { allow: ['GET'], load: () => import('@/app/api/cron/settle/route') },
}

describe('405 on every route', () => {
  for (const [path, { allow, load }] of Object.entries(routes)) {
    it(`${path} allows ${allow.join(', ')} and answers every other method with 405, Allow and a JSON error`, async () => {
      const route = await load()
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        expect(typeof route[method], `${path} exports ${method}`).toBe('function')
        if (allow.includes(method)) continue
        const response = (route[method] as (request: Request) => Response)(new Request(`http://localhost${path}`, { method }))
        expect(response.status).toBe(405)
        const header = response.headers.get('allow')!.split(', ')
        expect(header).toEqual(expect.arrayContaining([...allow, 'OPTIONS']))
        expect(header).not.toContain(method)
        expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed', message: expect.stringContaining(method), details: { allow: response.headers.get('allow') } } })
      }
    })
  }
})
