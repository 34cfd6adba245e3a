import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

type QueuedMessage = {
  handlerId: number
  message: Uint8Array
  onData: (data: Uint8Array) => void
  resolve: (bytes: number) => void
  reject: (error: unknown) => void
}

/** Protocol message types that end a unit of work: Sync, simple Query, Terminate (0: a startup packet). */
const UNIT_ENDS = new Set([0x53, 0x51, 0x58, 0x00])

/**
 * Runs the socket server's protocol messages on PGlite one connection at a time: once a
 * connection's message runs, only that connection's messages run until its unit of work ends (a
 * Sync or a simple Query) and, while it has a transaction open, until the transaction ends.
 * The same interface as @electric-sql/pglite-socket's QueryQueueManager, which it replaces.
 */
export class ConnectionQueue {
  private queue: QueuedMessage[] = []
  private processing = false
  private owner: number | null = null

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject })
      void this.process()
    })
  }

  getQueueLength(): number {
    return this.queue.length
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true
      item.reject(new Error('Handler disconnected'))
      return false
    })
  }

  /** A connection that went away: roll back what it left open and let the others run. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK').catch(() => {})
    this.owner = null
    void this.process()
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift()
    const at = this.queue.findIndex((item) => item.handlerId === this.owner)
    return at === -1 ? undefined : this.queue.splice(at, 1)[0]
  }

  private async process(): Promise<void> {
    if (this.processing) return
    this.processing = true
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item
        let bytes = 0
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length
                current.onData(data)
              },
            }),
          )
          current.resolve(bytes)
        } catch (error) {
          current.reject(error)
        }
        const ends = UNIT_ENDS.has(current.message[0] ?? 0)
        this.owner = ends && !this.db.isInTransaction() ? null : current.handlerId
      }
    } finally {
      this.processing = false
    }
  }
}

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
  // the package's queue hands PGlite one protocol message at a time from any connection, keeping a
  // connection only while a transaction is open: outside one, two clients' Parse/Bind/Execute
  // interleaved ("unnamed prepared statement does not exist", or one client's rows for another's
  // query). This one keeps a connection until its Sync or simple Query, and through its transaction.
  ;(server as unknown as { queryQueue: ConnectionQueue }).queryQueue = new ConnectionQueue(pglite)
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
