/** Current instant as ISO 8601 UTC, the format of every *_at column. */
export function nowIso(): string {
  return new Date().toISOString();
}

const localDate = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's calendar date in the server's time zone (TZ), as YYYY-MM-DD. */
export function today(now: Date = new Date()): string {
  return localDate.format(now);
}
