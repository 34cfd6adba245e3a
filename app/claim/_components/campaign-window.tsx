import { formatDateTime } from '@/lib/format/format-date-time'
import type { CampaignPhase } from '@/lib/airdrop/campaign-view'

/** A claim window in words, in UTC: "Open until …", "Opens …", or "Ended …". */
export function CampaignWindow({ startAt, endAt, phase }: { startAt: Date | null; endAt: Date | null; phase: CampaignPhase }) {
  const time = (date: Date) => <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>
  if (phase === 'ended') return <>Ended {endAt ? time(endAt) : ''}</>
  if (phase === 'upcoming') {
    return (
      <>
        Opens {startAt && time(startAt)}
        {endAt && <>, closes {time(endAt)}</>}
      </>
    )
  }
  return endAt ? <>Open until {time(endAt)}</> : <>Open, no end date</>
}
