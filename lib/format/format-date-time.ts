const dateTime = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC', hourCycle: 'h23' })

/** A moment as "Nov 30, 2026, 16:05 UTC": every page shows times in UTC and says so. */
export function formatDateTime(date: Date): string {
  return `${dateTime.format(date)} UTC`
}
