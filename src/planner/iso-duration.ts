/** ISO 8601 for a whole number of minutes: whole hours as PTnH (PT2H), the rest in minutes (PT90M, PT30M). */
export function isoDuration(minutes: number): string {
  const m = Math.max(1, Math.round(minutes));
  return m % 60 === 0 ? `PT${m / 60}H` : `PT${m}M`;
}
