import { getAddress } from 'viem'
import { shortAddress } from '@/lib/format/short-address'
import { CopyButton } from './ui/copy-button'

/**
 * An address as people compare it: the name when known, else `0x1234…abcd` of the checksummed
 * address; the full checksummed value in `title` and a copy button. `full` shows every character
 * (wrapping on a phone).
 */
export function Address({ address, name, full = false }: { address: string; name?: string; full?: boolean }) {
  const checksummed = getAddress(address)
  return (
    <span className="address" data-address={checksummed}>
      {name && <span className="address-name">{name} </span>}
      <span className="mono" title={checksummed}>
        {full ? checksummed : name ? `(${shortAddress(checksummed)})` : shortAddress(checksummed)}
      </span>
      <CopyButton value={checksummed} label={`Copy address ${checksummed}`} />
    </span>
  )
}
