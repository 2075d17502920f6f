/**
 * sevdesk mixes date conventions per field (notes §1.3, pitfall 15); the spec types each one, and the sandbox
 * holds the connector to those types:
 * - `invoiceDate`: a plain string; `dd.mm.yyyy` as in measured payloads.
 * - `format: date-time` fields (invoice `deliveryDate`, voucher dates): ISO 8601 at Berlin midnight with its offset,
 *   the form sevdesk answers with. UNCERTAIN: measured clients sent `dd.mm.yyyy` or Unix seconds here, which the
 *   spec's type forbids; change `berlinDateTime` if a live account refuses ISO date-times.
 * - integer fields (invoice `deliveryDateUntil`): Unix seconds of Berlin midnight.
 */

export function germanDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}

/** The offset of Europe/Berlin at noon of that day, as "+01:00" or "+02:00". */
function berlinOffset(isoDate: string): string {
  const noonUtc = new Date(`${isoDate}T12:00:00Z`);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' }).formatToParts(noonUtc);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const match = /GMT([+-]\d{2}:\d{2})/.exec(name);
  return match?.[1] ?? '+01:00';
}

export function berlinDateTime(isoDate: string): string {
  return `${isoDate}T00:00:00${berlinOffset(isoDate)}`;
}

export function berlinUnixSeconds(isoDate: string): number {
  return Math.floor(new Date(berlinDateTime(isoDate)).getTime() / 1000);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD): the invoice's `timeToPay`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
