import { methodNotAllowed } from '@/lib/http/method-not-allowed'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { cancelImport, getImportProgress } from '@/lib/airdrop/import-progress'
import { importAllocations } from '@/lib/airdrop/import-allocations'
import { allocationUploadSchema } from '@/lib/airdrop/schema'
import { getPublicClient } from '@/lib/chain/get-public-client'
import { getDatabase } from '@/lib/db'
import { ValidationError } from '@/lib/errors'
import { errorResponse } from '@/lib/http/error-response'
import { requireAdmin } from '../../admin-request'

export const runtime = 'nodejs'
export const dynamic = 'force-dynamic'
/** A 10M-row file takes minutes to read and build. */
export const maxDuration = 800

type Context = { params: Promise<{ id: string }> }

/**
 * The allocation CSV as the raw request body (streamed, never held whole), `?units=tokens|base&
 * duplicates=reject|sum`. 200 `{ recipientCount, totalAmount, merkleRoot, ... }` when stored;
 * 422 with the first 100 bad rows (`details.errors`, `details.errorCount`) when not.
 */
export async function PUT(request: Request, { params }: Context): Promise<Response> {
  try {
    await requireAdmin(request, { write: true })
    const { id } = await params
    const query = allocationUploadSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams))
    if (!query.success) throw new ValidationError(query.error.issues[0]!.message, { field: String(query.error.issues[0]!.path[0]) })
    if (!request.body) throw new ValidationError('the request has no file', { field: 'file' })
    const declared = Number(request.headers.get('content-length'))
    const result = await importAllocations(getDatabase(), getPublicClient(), {
      campaignId: id,
      body: Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>),
      totalBytes: Number.isFinite(declared) && declared > 0 ? declared : undefined,
      ...query.data,
      signal: request.signal,
    })
    return Response.json(result, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    await request.body?.cancel().catch(() => {})
    return errorResponse(error)
  }
}

/** The running or last import's progress (from the campaign's row: any instance answers the same): `{ phase, rows, bytes, totalBytes, build, save, message?, errorCount? }`, or `{ phase: null }`. */
export async function GET(request: Request, { params }: Context): Promise<Response> {
  try {
    await requireAdmin(request, { write: false })
    const progress = await getImportProgress(getDatabase().sql, (await params).id)
    if (!progress) return Response.json({ phase: null }, { headers: { 'cache-control': 'no-store' } })
    const { phase, rows, bytes, totalBytes, build, save, message, errorCount } = progress
    return Response.json({ phase, rows, bytes, totalBytes, build, save, message, errorCount }, { headers: { 'cache-control': 'no-store' } })
  } catch (error) {
    return errorResponse(error)
  }
}

/** Cancels a running import, on whichever instance runs it (nothing is stored). 204. */
export async function DELETE(request: Request, { params }: Context): Promise<Response> {
  try {
    await requireAdmin(request, { write: true })
    await cancelImport(getDatabase().sql, (await params).id)
    return new Response(null, { status: 204 })
  } catch (error) {
    return errorResponse(error)
  }
}

export const { POST, PATCH } = methodNotAllowed('PUT', 'GET', 'DELETE')
