/**
 * Every API route answers a method it does not serve with 405, an `Allow` header and the usual
 * JSON error body (Next's own 405 has neither).
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
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
  '/api/cron/relay': { allow: ['GET'], load: () => import('@/app/api/cron/relay/route') },
  '/api/cron/settle-proposals': { allow: ['GET'], load: () => import('@/app/api/cron/settle-proposals/route') },
  '/api/votes/[id]/receipt': { allow: ['GET'], load: () => import('@/app/api/votes/[id]/receipt/route') },
  '/api/proposals/[id]/audit': { allow: ['GET'], load: () => import('@/app/api/proposals/[id]/audit/route') },
  '/api/bench/baseline-proof': { allow: ['GET'], load: () => import('@/app/api/bench/baseline-proof/route') },
  '/api/bench/baseline-proof/[id]/[address]': { allow: ['GET'], load: () => import('@/app/api/bench/baseline-proof/[id]/[address]/route') },
  '/api/campaigns/[id]/proof/[address]': { allow: ['GET'], load: () => import('@/app/api/campaigns/[id]/proof/[address]/route') },
  '/api/campaigns/[id]/eligibility': { allow: ['POST'], load: () => import('@/app/api/campaigns/[id]/eligibility/route') },
  '/api/campaigns/[id]/export': { allow: ['GET'], load: () => import('@/app/api/campaigns/[id]/export/route') },
  '/api/claims/[messageId]': { allow: ['GET'], load: () => import('@/app/api/claims/[messageId]/route') },
  '/api/admin/campaigns': { allow: ['POST'], load: () => import('@/app/api/admin/campaigns/route') },
  '/api/admin/campaigns/[id]/upload': { allow: ['PUT', 'GET', 'DELETE'], load: () => import('@/app/api/admin/campaigns/[id]/upload/route') },
  '/api/admin/campaigns/[id]/upload/errors': { allow: ['GET'], load: () => import('@/app/api/admin/campaigns/[id]/upload/errors/route') },
  '/api/admin/campaigns/[id]/deployment': { allow: ['POST'], load: () => import('@/app/api/admin/campaigns/[id]/deployment/route') },
  '/api/admin/spaces': { allow: ['POST'], load: () => import('@/app/api/admin/spaces/route') },
  '/api/admin/spaces/[slug]/proposals': { allow: ['POST'], load: () => import('@/app/api/admin/spaces/[slug]/proposals/route') },
  '/api/proposals': { allow: ['POST'], load: () => import('@/app/api/proposals/route') },
  '/api/proposals/[id]/results': { allow: ['GET'], load: () => import('@/app/api/proposals/[id]/results/route') },
  '/api/proposals/[id]/votes': { allow: ['GET'], load: () => import('@/app/api/proposals/[id]/votes/route') },
  '/api/proposals/[id]/export': { allow: ['GET'], load: () => import('@/app/api/proposals/[id]/export/route') },
  '/api/proposals/[id]/voters/[address]': { allow: ['GET'], load: () => import('@/app/api/proposals/[id]/voters/[address]/route') },
  '/api/spaces/[slug]/proposers/[address]': { allow: ['GET'], load: () => import('@/app/api/spaces/[slug]/proposers/[address]/route') },
}

/** Every `app/api/**\/route.ts` as its URL path. */
function routeFiles(dir = 'app/api'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? routeFiles(path.join(dir, entry.name)) : entry.name === 'route.ts' ? [`/${dir.replace(/^app\//, '')}`] : [],
  )
}

it('lists every API route on disk (a new route is added here, with its 405s)', () => {
  expect(routeFiles().sort()).toEqual(Object.keys(routes).sort())
})

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
