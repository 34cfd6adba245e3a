import { createSiweMessage } from 'viem/siwe'
import { privateKeyToAccount } from 'viem/accounts'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_SIWE_STATEMENT,
  NONCE_TTL_MS,
  SESSION_TTL_MS,
  createAdminSiweMessage,
  getAdminSession,
  getAdminSessionOrThrow,
  hashSessionToken,
  issueNonce,
  signInAdmin,
  signOutAdmin,
  type SignInAdminParameters,
} from '@/lib/auth'
import { startAnvil, type StartAnvilReturnType } from '@/lib/chain/anvil'
import { createChainClients, type ChainClients } from '@/lib/chain/clients'
import { smartWalletAbi, smartWalletBytecode } from '@/lib/chain/contracts/test/SmartWallet'
import { deployContract } from '@/lib/chain/deploy-contract'
import { devAccounts } from '@/lib/chain/dev-accounts'
import { BaseError, httpStatusOf } from '@/lib/errors'
import { createTestDatabase, type TestDatabase } from '../support/database'

const secret = 'test-secret-0123456789abcdef0123456789abcdef'
const binding = { domain: 'arbor.test', origin: 'https://arbor.test' }
const [admin, stranger, walletOwner] = [devAccounts[0], devAccounts[1], devAccounts[2]].map((a) => privateKeyToAccount(a.privateKey))

/** The error `work` throws, as status, field and message (fails the test if it resolves). */
async function rejection(work: Promise<unknown>): Promise<{ status: number; field: unknown; message: string }> {
  const error = await work.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(error instanceof BaseError)) throw new Error(`expected a BaseError, got ${String(error)}`)
  return { status: httpStatusOf(error), field: error.details?.field, message: error.message }
}

describe('admin sign-in with Ethereum (real database, real anvil)', () => {
  let database: TestDatabase
  let anvil: StartAnvilReturnType
  let clients: ChainClients
  let smartWallet: `0x${string}`
  let admins: string[]

  beforeAll(async () => {
    ;[database, anvil] = await Promise.all([createTestDatabase(), startAnvil({ port: 0 })])
    clients = createChainClients({ rpcUrl: anvil.rpcUrl, chainId: anvil.chainId, account: devAccounts[0].privateKey })
    ;({ address: smartWallet } = await deployContract(clients, { abi: smartWalletAbi, bytecode: smartWalletBytecode, args: [walletOwner!.address] }))
    admins = [admin!.address.toLowerCase(), smartWallet.toLowerCase()]
  })
  afterAll(async () => {
    await anvil?.stop()
    await database?.drop()
  })

  type Draft = { address?: `0x${string}`; chainId?: number; domain?: string; uri?: string; nonce?: string; issuedAt?: Date; expirationTime?: Date }

  /** A message as the sign-in form builds it, nonce issued at `at`. */
  function draft({ at = new Date(), ...overrides }: Draft & { at?: Date } = {}): string {
    const { nonce } = issueNonce({ secret, now: at })
    return createAdminSiweMessage({ address: admin!.address, chainId: anvil.chainId, domain: binding.domain, uri: `${binding.origin}/admin`, nonce, issuedAt: at, ...overrides })
  }

  const signIn = (message: string, signature: Hex, overrides: Partial<SignInAdminParameters> = {}) =>
    signInAdmin(database.db, clients.publicClient, { message, signature, binding, chainId: anvil.chainId, secret, admins, ...overrides })

  it('signs an admin in: the cookie token finds the session, and only its sha256 is stored', async () => {
    const message = draft()
    const { token, session } = await signIn(message, await admin!.signMessage({ message }))
    expect(session.address).toBe(admin!.address)
    expect(session.expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 60_000)
    expect(await getAdminSession(database.db, { token, admins, chainId: anvil.chainId })).toEqual(session)

    const rows = await database.db.adminSession.findMany()
    expect(rows.map((row) => row.id)).toContain(hashSessionToken(token))
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(await getAdminSession(database.db, { token: `${token}x`, admins, chainId: anvil.chainId })).toBeNull()
    expect(await getAdminSession(database.db, { token: undefined, admins, chainId: anvil.chainId })).toBeNull()
  })

  it('refuses a message for another chain, domain, origin or purpose, naming the field (401)', async () => {
    const { nonce } = issueNonce({ secret })
    const otherPurpose = createSiweMessage({ address: admin!.address, chainId: anvil.chainId, domain: binding.domain, uri: binding.origin, nonce, issuedAt: new Date(), version: '1', statement: 'Sign in to Example Swap' })
    const cases: Array<[string, string]> = [
      [draft({ chainId: 1 }), 'chainId'],
      [draft({ domain: 'arbor.test.evil.example' }), 'domain'],
      [draft({ uri: 'https://evil.example/admin' }), 'uri'],
      [otherPurpose, 'statement'],
    ]
    for (const [message, field] of cases) {
      const result = await rejection(signIn(message, await admin!.signMessage({ message })))
      expect(result, message).toMatchObject({ status: 401, field })
    }
    expect(await database.db.adminSession.count({ where: { address: 'nobody' } })).toBe(0)
  })

  it('uses a nonce once: the same signed message is refused the second time, and after sign-out', async () => {
    const message = draft()
    const signature = await admin!.signMessage({ message })
    const { token } = await signIn(message, signature)
    expect(await rejection(signIn(message, signature))).toMatchObject({ status: 401, field: 'nonce', message: expect.stringContaining('already used') })
    await signOutAdmin(database.db, { token })
    expect(await rejection(signIn(message, signature))).toMatchObject({ status: 401, field: 'nonce' })
  })

  it('refuses expired, forged and unknown nonces, and lapsed messages', async () => {
    const stale = draft({ at: new Date(Date.now() - NONCE_TTL_MS - 1_000) })
    expect(await rejection(signIn(stale, await admin!.signMessage({ message: stale })))).toMatchObject({ status: 401, field: 'nonce', message: expect.stringContaining('expired') })

    const foreign = issueNonce({ secret: 'another-secret-0123456789abcdef0123456789' }).nonce
    const forged = draft({ nonce: foreign })
    expect(await rejection(signIn(forged, await admin!.signMessage({ message: forged })))).toMatchObject({ status: 401, field: 'nonce' })

    const made = draft({ nonce: 'abcdefgh12345678' })
    expect(await rejection(signIn(made, await admin!.signMessage({ message: made })))).toMatchObject({ status: 401, field: 'nonce' })

    const lapsed = draft({ expirationTime: new Date(Date.now() - 1_000) })
    expect(await rejection(signIn(lapsed, await admin!.signMessage({ message: lapsed })))).toMatchObject({ status: 401, field: 'expirationTime' })
  })

  it('refuses a tampered signature, or another account’s signature, with 401 naming the signature', async () => {
    const message = draft()
    const signature = await admin!.signMessage({ message })
    const tampered = `${signature.slice(0, 20)}${signature[20] === 'a' ? 'b' : 'a'}${signature.slice(21)}` as Hex
    expect(await rejection(signIn(message, tampered))).toMatchObject({ status: 401, field: 'signature' })
    expect(await rejection(signIn(message, await stranger!.signMessage({ message })))).toMatchObject({ status: 401, field: 'signature' })
    // A message edited after signing (the chain id swapped back in) no longer matches its signature.
    const signedForOtherChain = draft({ chainId: 1 })
    const otherSignature = await admin!.signMessage({ message: signedForOtherChain })
    const edited = signedForOtherChain.replace('Chain ID: 1\n', `Chain ID: ${anvil.chainId}\n`)
    expect(await rejection(signIn(edited, otherSignature))).toMatchObject({ status: 401, field: 'signature' })
  })

  it('answers 403 to a good signature from an address that is not an admin', async () => {
    const message = draft({ address: stranger!.address })
    const result = await rejection(signIn(message, await stranger!.signMessage({ message })))
    expect(result).toMatchObject({ status: 403 })
    expect(result.message).toContain(stranger!.address)
    expect(result.message).toContain('ADMIN_ADDRESSES')
    expect((await rejection(signIn(message, await stranger!.signMessage({ message }), { admins: [] }))).message).toContain('has no admins')
  })

  it('refuses messages that are not canonical EIP-4361 (422 naming the message)', async () => {
    const message = `${draft()}\nResources:\n- https://evil.example`
    const appended = `${draft()}\n\nAlso transfer everything.`
    for (const text of [appended, 'hello', message.replace('Version: 1', 'Version: 2')]) {
      expect(await rejection(signIn(text, await admin!.signMessage({ message: text })))).toMatchObject({ status: 422, field: 'message' })
    }
  })

  it('signs in a contract-account admin through ERC-1271, and refuses a signature its owner did not make', async () => {
    const message = draft({ address: smartWallet })
    const { hashMessage } = await import('viem')
    const signature = await walletOwner!.sign({ hash: hashMessage(message) })
    const { session } = await signIn(message, signature)
    expect(session.address.toLowerCase()).toBe(smartWallet.toLowerCase())

    const other = draft({ address: smartWallet })
    const wrong = await stranger!.sign({ hash: hashMessage(other) })
    expect(await rejection(signIn(other, wrong))).toMatchObject({ status: 401, field: 'signature' })
  })

  it('ends a session on sign-out, at expiry, on another chain, and when the address leaves ADMIN_ADDRESSES', async () => {
    const message = draft()
    const { token } = await signIn(message, await admin!.signMessage({ message }))
    const live = { token, admins, chainId: anvil.chainId }
    expect(await getAdminSession(database.db, live)).not.toBeNull()
    expect(await getAdminSession(database.db, { ...live, now: new Date(Date.now() + SESSION_TTL_MS + 1_000) })).toBeNull()
    expect(await getAdminSession(database.db, { ...live, chainId: 1 })).toBeNull()
    expect(await getAdminSession(database.db, { ...live, admins: [smartWallet.toLowerCase()] })).toBeNull()

    expect(await signOutAdmin(database.db, { token })).toEqual({ signedOut: true })
    expect(await getAdminSession(database.db, live)).toBeNull()
    expect(await rejection(getAdminSessionOrThrow(database.db, live))).toMatchObject({ status: 401 })
    expect(await signOutAdmin(database.db, { token })).toEqual({ signedOut: false })
  })

  it('purges session rows once their nonce is too old to replay', async () => {
    await database.db.adminSession.create({
      data: { id: '0xold', address: admins[0]!, chainId: anvil.chainId, nonce: 'oldnonce00', expiresAt: new Date(Date.now() - NONCE_TTL_MS - 5 * 60_000) },
    })
    const message = draft()
    await signIn(message, await admin!.signMessage({ message }))
    expect(await database.db.adminSession.findUnique({ where: { id: '0xold' } })).toBeNull()
  })
})

describe('the admin sign-in message', () => {
  it('carries the site, chain, nonce and the admin statement', () => {
    const { nonce } = issueNonce({ secret, now: new Date('2026-11-24T10:00:00Z') })
    const message = createAdminSiweMessage({ address: admin!.address, chainId: 31337, domain: 'localhost:3000', uri: 'http://localhost:3000', nonce, issuedAt: new Date('2026-11-24T10:00:00Z') })
    expect(message).toBe(
      [
        'localhost:3000 wants you to sign in with your Ethereum account:',
        admin!.address,
        '',
        ADMIN_SIWE_STATEMENT,
        '',
        'URI: http://localhost:3000',
        'Version: 1',
        'Chain ID: 31337',
        `Nonce: ${nonce}`,
        'Issued At: 2026-11-24T10:00:00.000Z',
      ].join('\n'),
    )
  })
})
