import { formatUnits, getAddress, type Address } from 'viem'
import type { ProposalInput } from './schema'

export type TokenInfo = { symbol?: string; decimals?: number; balance?: bigint }

export type AddressBook = {
  /** The caller's name for an address, or a well-known one (zero, burn). */
  labelOf: (address: string) => string | undefined
  /** Whether the caller listed the address as known (or it is the executor or a treasury token). */
  isKnown: (address: string) => boolean
  tokenOf: (address: string) => TokenInfo | undefined
  /** `0xAbCd…1234 (Grants multisig)`. */
  name: (address: string) => string
  /** `900,000 ARB` when the token is known, else `900000000000000000000000 base units of 0xAb…`. */
  amount: (token: string, amount: bigint) => string
  executor: Address | undefined
  proposer: Address | undefined
}

const wellKnown: Record<string, string> = {
  '0x0000000000000000000000000000000000000000': 'zero address',
  '0x000000000000000000000000000000000000dead': 'burn address',
  '0xdead000000000000000042069420694206942069': 'burn address',
}

/** True for the zero and burn addresses: what is sent there is gone, or controlled by nobody known. */
export function isBurnAddress(address: string): boolean {
  return wellKnown[address.toLowerCase()] !== undefined
}

function short(address: string): string {
  const checksummed = /^0x[0-9a-fA-F]{40}$/.test(address) ? getAddress(address) : address
  return `${checksummed.slice(0, 6)}…${checksummed.slice(-4)}`
}

function withThousands(decimal: string): string {
  const [whole, fraction] = decimal.split('.')
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction ? `${grouped}.${fraction.slice(0, 6)}` : grouped
}

/** Names, labels and token metadata for addresses, from the proposal's context. */
export function createAddressBook(input: Pick<ProposalInput, 'context' | 'executor' | 'proposer'>): AddressBook {
  const labels = new Map<string, string>()
  for (const [address, label] of Object.entries(input.context?.knownContracts ?? {})) {
    labels.set(address.toLowerCase(), label)
  }
  const tokens = new Map<string, TokenInfo>()
  for (const entry of input.context?.treasury ?? []) {
    tokens.set(entry.token.toLowerCase(), { symbol: entry.symbol, decimals: entry.decimals, balance: BigInt(entry.balance) })
  }
  const labelOf = (address: string) => {
    const key = address.toLowerCase()
    if (labels.has(key)) return labels.get(key)
    if (wellKnown[key]) return wellKnown[key]
    if (input.executor && key === input.executor.toLowerCase()) return 'executor'
    const token = tokens.get(key)
    if (token?.symbol) return `${token.symbol} token`
    return undefined
  }
  return {
    labelOf,
    isKnown: (address) => {
      const key = address.toLowerCase()
      return labels.has(key) || tokens.has(key) || (input.executor !== undefined && key === input.executor.toLowerCase())
    },
    tokenOf: (address) => tokens.get(address.toLowerCase()),
    name: (address) => {
      const label = labelOf(address)
      return label ? `${short(address)} (${label})` : short(address)
    },
    amount: (token, amount) => {
      if (token === 'native') return `${withThousands(formatUnits(amount, 18))} ETH`
      const info = tokens.get(token.toLowerCase())
      if (info?.decimals !== undefined) {
        return `${withThousands(formatUnits(amount, info.decimals))} ${info.symbol ?? `of token ${short(token)}`}`
      }
      const label = labels.get(token.toLowerCase())
      return `${withThousands(amount.toString())} base units of ${label ? `${label} (${short(token)})` : `token ${short(token)}`}`
    },
    executor: input.executor,
    proposer: input.proposer,
  }
}
