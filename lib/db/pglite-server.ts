import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

export type ServePgliteParameters = {
  /** Directory of the on-disk database (created if missing); `memory://` for a throwaway one. */
  dataDir: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** Connections served at once (queries still run one at a time). See the note below. */
  maxConnections?: number
}

export type ServePgliteReturnType = {
  /** `postgres://` URL for `pg` / `@prisma/adapter-pg` (no password, no TLS). */
  url: string
  pglite: PGlite
  close: () => Promise<void>
}

/**
 * Serves one embedded PGlite over the Postgres wire protocol, so that Next and CLIs (other
 * processes) reach it like a server. PGlite is one single-user backend: the socket server queues
 * protocol messages from all connections and keeps a transaction's messages together, but see the
 * findings in tests/db/pglite-server.test.ts before raising `maxConnections` or pool sizes.
 * Never query `pglite` in-process while the server runs: those queries bypass the server's queue
 * and could land inside a client's transaction.
 */
export async function servePglite({
  dataDir,
  host = '127.0.0.1',
  port = 0,
  maxConnections = 1,
}: ServePgliteParameters): Promise<ServePgliteReturnType> {
  if (!dataDir.startsWith('memory://')) await mkdir(path.resolve(dataDir), { recursive: true })
  const pglite = await PGlite.create(dataDir.startsWith('memory://') ? dataDir : path.resolve(dataDir))
  const server = new PGLiteSocketServer({ db: pglite, host, port, maxConnections })
  await server.start()
  const [boundHost, boundPort] = server.getServerConn().split(':')
  return {
    url: `postgres://postgres@${boundHost}:${boundPort}/postgres?sslmode=disable`,
    pglite,
    close: async () => {
      await server.stop()
      await pglite.close()
    },
  }
}
