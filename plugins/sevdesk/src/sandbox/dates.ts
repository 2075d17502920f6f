/**
 * sevdesk reads dates in several forms (notes §1.3): `dd.mm.yyyy`, Unix seconds, ISO dates and date-times. The
 * sandbox stores the Berlin calendar day and answers ISO date-times at Berlin midnight, as sevdesk does.
 */

function berlinDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** The Berlin day of a sevdesk date input, or null when it is none. */
export function parseSevdeskDate(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return berlinDay(new Date(value * 1000));
  if (typeof value !== 'string') return null;
  const s = value.trim();
  const german = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  if (german) return `${german[3]}-${german[2]}-${german[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  if (/^\d+$/.test(s)) return berlinDay(new Date(Number(s) * 1000));
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : berlinDay(new Date(t));
}

function offsetOf(isoDay: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'longOffset' }).formatToParts(
    new Date(`${isoDay}T12:00:00Z`),
  );
  return /GMT([+-]\d{2}:\d{2})/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? '')?.[1] ?? '+01:00';
}

export function renderDate(isoDay: string | null): string | null {
  return isoDay === null ? null : `${isoDay}T00:00:00${offsetOf(isoDay)}`;
}

export function nowIso(): string {
  const now = new Date();
  return `${now.toISOString().slice(0, 19)}+00:00`;
}

export function today(): string {
  return berlinDay(new Date());
}
