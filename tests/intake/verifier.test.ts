import { randomBytes } from 'node:crypto'
import { hashTypedData, recoverTypedDataAddress } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { afterAll, describe, expect, it } from 'vitest'
import { claimTypes, CLAIM_DOMAIN } from '@/lib/intake/claim-message'
import { createVerifier, packItems, unpackResults, type TypedDataItem } from '@/lib/intake/verifier-core.mjs'
import { createVerifierPool } from '@/lib/intake/verifier-pool'
import { VOTE_DOMAIN, voteTypes } from '@/lib/intake/vote-message'

const contract = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

async function randomItems(count: number): Promise<TypedDataItem[]> {
  const items: TypedDataItem[] = []
  for (let i = 0; i < count; i++) {
    const account = privateKeyToAccount(generatePrivateKey())
    const vote = i % 2 === 0
    const typed = vote
      ? {
          domain: { ...VOTE_DOMAIN, chainId: 31337 + (i % 3), verifyingContract: contract },
          types: voteTypes,
          primaryType: 'Vote' as const,
          message: { voter: account.address, proposal: crypto.randomUUID(), choices: [(i % 4) + 1, ...(i % 3 === 0 ? [] : [5, 2 ** 32 - 1])], weights: i % 3 === 1 ? [1, 2, 3] : [], reason: 'ünïcode ✓ '.repeat(i % 3), timestamp: BigInt(1_700_000_000 + i) },
        }
      : {
          domain: { ...CLAIM_DOMAIN, chainId: 1, verifyingContract: contract },
          types: claimTypes,
          primaryType: 'Claim' as const,
          message: { index: BigInt(i), account: account.address, amount: 10n ** 24n + BigInt(i), to: account.address, deadline: 2n ** 40n },
        }
    const signature = await account.signTypedData(typed as never)
    items.push({ ...(typed as unknown as TypedDataItem), signature })
  }
  return items
}

function tamper(items: TypedDataItem[]): TypedDataItem[] {
  const out: TypedDataItem[] = []
  for (const item of items.slice(0, 8)) {
    const sig = item.signature.slice(2)
    const r = sig.slice(0, 64)
    const s = BigInt(`0x${sig.slice(64, 128)}`)
    const v = sig.slice(128)
    out.push({ ...item, signature: `0x${r}${(CURVE_N - s).toString(16).padStart(64, '0')}${v === '1b' ? '1c' : '1b'}` }) // high s
    out.push({ ...item, signature: `0x${r}${sig.slice(64, 128)}1d` }) // v = 29
    out.push({ ...item, signature: `0x${'00'.repeat(32)}${sig.slice(64)}` }) // r = 0
    out.push({ ...item, signature: `0x${randomBytes(64).toString('hex')}1b` }) // random: may or may not recover
    out.push({ ...item, signature: `0x${sig.slice(0, 128)}` }) // 64 bytes
    out.push({ ...item, message: { ...item.message, [Object.keys(item.message)[1]!]: 'not-a-value' } })
  }
  return out
}

describe('verifier backends', () => {
  const pools: Array<{ close: () => Promise<void> }> = []
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.close()))
  })

  it('native libsecp256k1 loads, and both backends recover the signer viem recovers, digest = hashTypedData', async () => {
    const native = await createVerifier({ backend: 'native' })
    const js = await createVerifier({ backend: 'js' })
    expect(native.backend).toBe('native')
    expect(js.backend).toBe('js')
    const items = await randomItems(40)
    for (const item of items) {
      const expectedSigner = (await recoverTypedDataAddress(item as never)).toLowerCase()
      const expectedDigest = hashTypedData(item as never)
      expect(native.verifyOne(item)).toEqual({ digest: expectedDigest, signer: expectedSigner })
      expect(js.verifyOne(item)).toEqual({ digest: expectedDigest, signer: expectedSigner })
    }
  })

  it('repeated strings and one-element arrays (their hashes kept) still give viem\'s digests', async () => {
    const proposals = [crypto.randomUUID(), crypto.randomUUID()]
    const choices = [['1'], ['2'], [1], ['1', '2'], ['01'], ['2']]
    const items = Array.from({ length: 24 }, (_, i) => ({
      domain: { ...VOTE_DOMAIN, chainId: 31337, verifyingContract: contract },
      types: voteTypes,
      primaryType: 'Vote',
      message: { voter: contract, proposal: proposals[i % 2]!, choices: choices[i % choices.length]!, weights: i % 4 === 0 ? ['7'] : [], reason: i % 3 === 0 ? '' : `same ${i % 2}`, timestamp: '1764570000' },
    }))
    for (const backend of ['native', 'js'] as const) {
      const verifier = await createVerifier({ backend })
      for (const item of [...items, ...items]) expect(verifier.digestOf(item)).toBe(hashTypedData(item as never))
    }
  })

  it('both backends give identical results on malformed and tampered signatures', async () => {
    const native = await createVerifier({ backend: 'native' })
    const js = await createVerifier({ backend: 'js' })
    const items = tamper(await randomItems(8))
    const nativeResults = native.verifyMany(items)
    expect(js.verifyMany(items)).toEqual(nativeResults)
    // high s, v = 29, r = 0 and 64-byte signatures always fail (a random signature or a changed
    // string field may still recover some signer, so those two are only compared across backends)
    const alwaysInvalid = nativeResults.filter((_, i) => [0, 1, 2, 4].includes(i % 6))
    expect(alwaysInvalid).toHaveLength(32)
    expect(alwaysInvalid.every((r) => r.error !== undefined)).toBe(true)
    expect(nativeResults.map((r) => r.error).filter(Boolean)).toContain('signature s is out of range (high s)')
  })

  it('packed items (the workers\' format) answer what verifyMany answers, failures included', async () => {
    const items = [...(await randomItems(6)), ...tamper(await randomItems(4))]
    // an unknown primary type, a message missing its fields, and a second types object
    items.push({ ...items[0]!, primaryType: 'Nope' }, { ...items[1]!, message: {} }, { ...items[2]!, types: { ...items[2]!.types } })
    // a signature with one pair that is not hex, and one of odd length
    items.push({ ...items[3]!, signature: `${items[3]!.signature.slice(0, 60)}zz${items[3]!.signature.slice(62)}` }, { ...items[4]!, signature: `${items[4]!.signature}0` })
    for (const backend of ['native', 'js'] as const) {
      const verifier = await createVerifier({ backend })
      const expected = verifier.verifyMany(items)
      expect(expected.filter((r) => r.error !== undefined).length).toBeGreaterThan(10)
      expect(expected.slice(-2).map((r) => r.error)).toEqual(['signature is not 0x-hex', 'signature is not 0x-hex'])
      const packed = packItems(items)
      expect(packed.shapes.length).toBe(4)
      expect(unpackResults(structuredClone(verifier.verifyPacked(structuredClone(packed))))).toEqual(expected)
    }
  })

  it('a worker pool (native, and js) answers what the calling thread answers, in order', async () => {
    const items = [...(await randomItems(30)), ...tamper(await randomItems(4))]
    items.push({ ...items[0]!, primaryType: 'Nope' }, { ...items[1]!, message: {} })
    const inThread = (await createVerifier({ backend: 'native' })).verifyMany(items)
    for (const backend of ['native', 'js'] as const) {
      const pool = createVerifierPool({ size: 2, backend, chunkSize: 7 })
      pools.push(pool)
      expect(await pool.backend()).toBe(backend)
      const results = await Promise.all([pool.recover(items.slice(0, 20)), pool.recover(items.slice(20))])
      expect(results.flat()).toEqual(inThread)
    }
  })

  it('a full queue is refused with OverloadedError instead of growing', async () => {
    const pool = createVerifierPool({ size: 1, maxQueued: 10 })
    pools.push(pool)
    const items = await randomItems(11)
    await expect(pool.recover(items)).rejects.toMatchObject({ name: 'OverloadedError', code: 'overloaded' })
    expect((await pool.recover(items.slice(0, 10))).every((r) => r.signer)).toBe(true)
  })
})
