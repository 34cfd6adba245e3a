// EIP-712 digests and signer recovery, in plain JavaScript so that the worker threads of the
// verifier pool load it as it is (no TypeScript loader, no bundler) under vitest, tsx and
// `next start` alike. Two backends give identical results (tests/intake/verifier.test.ts):
//   native: libsecp256k1 through npm `secp256k1` (prebuilt) + keccak from hash-wasm (about 25x faster)
//   js:     @noble/curves + @noble/hashes, pure JavaScript
// Types: atomic EIP-712 types, string/bytes, and arrays of atomic types (`uint32[]`: the Vote's
// choices and weights, encoded as keccak256 of the concatenated 32-byte words); no nested structs.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

const CURVE_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
const HALF_N = CURVE_N >> 1n
const domainFieldTypes = [
  ['name', 'string'],
  ['version', 'string'],
  ['chainId', 'uint256'],
  ['verifyingContract', 'address'],
  ['salt', 'bytes32'],
]
const encoder = new TextEncoder()

/** A typed failure the pool returns instead of throwing (one bad message must not fail the batch). */
export class SignatureFormatError extends Error {
  constructor(message) {
    super(message)
    this.name = 'SignatureFormatError'
  }
}

function hexToBytes(hex, what) {
  if (typeof hex !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw new SignatureFormatError(`${what} is not 0x-hex`)
  return Buffer.from(hex.slice(2), 'hex')
}

function toBigInt(value, what) {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return BigInt(value)
  if (typeof value === 'string' && /^0x[0-9a-fA-F]+$/.test(value)) return BigInt(value)
  throw new SignatureFormatError(`${what} is not an integer`)
}

function word(bigint) {
  const out = Buffer.alloc(32)
  let v = bigint < 0n ? (1n << 256n) + bigint : bigint
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

/** @param {(data: Uint8Array) => Uint8Array} keccak */
function createEncoder(keccak) {
  const typeHashes = new Map()
  const domainSeparators = new Map()

  function typeHash(primaryType, fields) {
    const signature = `${primaryType}(${fields.map((f) => `${f.type} ${f.name}`).join(',')})`
    let hash = typeHashes.get(signature)
    if (!hash) {
      hash = keccak(encoder.encode(signature))
      typeHashes.set(signature, hash)
    }
    return hash
  }

  function encodeValue(type, value, name) {
    if (type.endsWith('[]')) {
      if (!Array.isArray(value)) throw new SignatureFormatError(`${name} is not an array`)
      const inner = type.slice(0, -2)
      return keccak(Buffer.concat(value.map((item, i) => encodeValue(inner, item, `${name}[${i}]`))))
    }
    if (type === 'string') return keccak(encoder.encode(String(value)))
    if (type === 'bytes') return keccak(hexToBytes(value, name))
    if (type === 'address') {
      const bytes = hexToBytes(value, name)
      if (bytes.length !== 20) throw new SignatureFormatError(`${name} is not a 20-byte address`)
      const out = Buffer.alloc(32)
      bytes.copy(out, 12)
      return out
    }
    if (type === 'bool') return word(value === true || value === 'true' ? 1n : 0n)
    const uint = /^(u?)int(\d*)$/.exec(type)
    if (uint) {
      const bits = uint[2] ? Number(uint[2]) : 256
      const v = toBigInt(value, name)
      const unsigned = uint[1] === 'u'
      const limit = 1n << BigInt(unsigned ? bits : bits - 1)
      if (unsigned ? v < 0n || v >= limit : v < -limit || v >= limit) throw new SignatureFormatError(`${name} is out of range for ${type}`)
      return word(v)
    }
    const fixed = /^bytes(\d+)$/.exec(type)
    if (fixed) {
      const bytes = hexToBytes(value, name)
      if (bytes.length !== Number(fixed[1])) throw new SignatureFormatError(`${name} is not ${fixed[1]} bytes`)
      const out = Buffer.alloc(32)
      bytes.copy(out)
      return out
    }
    throw new SignatureFormatError(`unsupported EIP-712 type ${type}`)
  }

  function hashStruct(primaryType, fields, values) {
    const parts = [typeHash(primaryType, fields)]
    for (const field of fields) parts.push(encodeValue(field.type, values[field.name], field.name))
    return keccak(Buffer.concat(parts))
  }

  function domainSeparator(domain) {
    const cacheKey = `${domain.name}|${domain.version}|${domain.chainId}|${domain.verifyingContract}|${domain.salt}`
    let separator = domainSeparators.get(cacheKey)
    if (!separator) {
      const fields = domainFieldTypes.filter(([name]) => domain[name] !== undefined).map(([name, type]) => ({ name, type }))
      separator = hashStruct('EIP712Domain', fields, domain)
      if (domainSeparators.size > 10_000) domainSeparators.clear()
      domainSeparators.set(cacheKey, separator)
    }
    return separator
  }

  /** keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)): the bytes the signer signed. */
  function typedDataDigest({ domain, types, primaryType, message }) {
    const fields = types[primaryType]
    if (!fields) throw new SignatureFormatError(`unknown primary type ${primaryType}`)
    return keccak(Buffer.concat([Buffer.from([0x19, 0x01]), domainSeparator(domain), hashStruct(primaryType, fields, message)]))
  }

  return { typedDataDigest }
}

/** Splits a 65-byte signature; rejects what either backend might treat differently (EIP-2 low s). */
function parseSignature(signature) {
  const bytes = hexToBytes(signature, 'signature')
  if (bytes.length !== 65) throw new SignatureFormatError('signature is not 65 bytes')
  const v = bytes[64]
  const recovery = v >= 27 ? v - 27 : v
  if (recovery !== 0 && recovery !== 1) throw new SignatureFormatError('signature v is not 27 or 28')
  const r = BigInt(`0x${bytes.subarray(0, 32).toString('hex')}`)
  const s = BigInt(`0x${bytes.subarray(32, 64).toString('hex')}`)
  if (r === 0n || r >= CURVE_N) throw new SignatureFormatError('signature r is out of range')
  if (s === 0n || s > HALF_N) throw new SignatureFormatError('signature s is out of range (high s)')
  return { compact: bytes.subarray(0, 64), recovery }
}

function nativeBackend() {
  // `secp256k1` falls back to elliptic when its binding is missing: ask for the binding itself.
  return require('secp256k1/bindings')
}

/**
 * A verifier over one backend. `backend: 'auto'` picks native when the binding loads.
 * @param {{ backend?: 'auto' | 'native' | 'js' }} [options]
 */
export async function createVerifier({ backend = 'auto' } = {}) {
  let chosen = backend
  let native
  if (backend !== 'js') {
    try {
      native = nativeBackend()
      chosen = 'native'
    } catch (error) {
      if (backend === 'native') throw error
      chosen = 'js'
    }
  }
  let keccak
  let recoverPublicKey
  if (chosen === 'native') {
    const { createKeccak } = await import('hash-wasm')
    const hasher = await createKeccak(256)
    keccak = (data) => hasher.init().update(data).digest('binary')
    recoverPublicKey = (compact, recovery, digest) => native.ecdsaRecover(compact, recovery, digest, false)
  } else {
    const [{ keccak_256 }, { secp256k1 }] = await Promise.all([import('@noble/hashes/sha3'), import('@noble/curves/secp256k1')])
    keccak = (data) => keccak_256(data)
    recoverPublicKey = (compact, recovery, digest) =>
      secp256k1.Signature.fromCompact(compact).addRecoveryBit(recovery).recoverPublicKey(digest).toRawBytes(false)
  }
  const { typedDataDigest } = createEncoder(keccak)

  /**
   * @param {{ domain: object, types: object, primaryType: string, message: object, signature: string }} item
   * @returns {{ digest: string, signer: string } | { digest?: string, error: string }}
   */
  function verifyOne(item) {
    let digest
    try {
      const digestBytes = typedDataDigest(item)
      digest = `0x${Buffer.from(digestBytes).toString('hex')}`
      const { compact, recovery } = parseSignature(item.signature)
      let publicKey
      try {
        publicKey = recoverPublicKey(compact, recovery, digestBytes)
      } catch {
        return { digest, error: 'signature does not recover to a public key' }
      }
      const hash = keccak(publicKey.subarray(1))
      return { digest, signer: `0x${Buffer.from(hash).subarray(12).toString('hex')}` }
    } catch (error) {
      if (error instanceof SignatureFormatError) return { digest, error: error.message }
      throw error
    }
  }

  return {
    backend: chosen,
    verifyOne,
    verifyMany: (items) => items.map(verifyOne),
    digestOf: (item) => `0x${Buffer.from(typedDataDigest(item)).toString('hex')}`,
  }
}
