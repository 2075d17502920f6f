/**
 * lexoffice sales documents want `yyyy-MM-ddTHH:mm:ss.SSSXXX` (three millisecond digits, a colon in the offset),
 * and show dates in Berlin time: a UTC instant near midnight can land on the next day or month (notes §6.1,
 * §14.4). So a calendar date is sent as Berlin-local midnight with Berlin's offset on that day.
 */

const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' });

/** Berlin's UTC offset at an instant, as `+01:00` / `+02:00`. */
function berlinOffset(at: Date): string {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}):?(\d{2})?/.exec(name);
  return match ? `${match[1]}:${match[2] ?? '00'}` : '+00:00';
}

/** `2021-01-27` -> `2021-01-27T00:00:00.000+01:00`. */
export function berlinMidnight(date: string): string {
  // The offset that midnight itself has: on the switch days the change happens at 02:00/03:00, after midnight,
  // so midnight keeps the previous day's offset. Try both and keep the one Berlin agrees with.
  for (const offset of ['+01:00', '+02:00']) {
    if (berlinOffset(new Date(`${date}T00:00:00${offset}`)) === offset) return `${date}T00:00:00.000${offset}`;
  }
  return `${date}T00:00:00.000+01:00`;
}

/** The whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `date` plus whole months, clamped to the month's last day (`2024-01-31` + 1 month = `2024-02-29`). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
