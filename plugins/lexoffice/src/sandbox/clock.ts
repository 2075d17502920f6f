/** lexoffice speaks Berlin time: timestamps carry Berlin's offset, date filters mean whole Berlin days. */

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

function berlinParts(at: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(at)) out[p.type] = p.value;
  return out;
}

/** `2023-05-11T17:12:31.233+02:00`, the way lexoffice writes timestamps. */
export function berlinTimestamp(at: Date): string {
  const p = berlinParts(at);
  const offset = /GMT([+-]\d{2}:\d{2})/.exec(p.timeZoneName ?? '')?.[1] ?? '+00:00';
  const ms = String(at.getUTCMilliseconds()).padStart(3, '0');
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}.${ms}${offset}`;
}

/** The Berlin calendar day of an instant, `YYYY-MM-DD`. */
export function berlinDate(at: Date): string {
  const p = berlinParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Exactly `yyyy-MM-ddTHH:mm:ss.SSSXXX`: three millisecond digits and a colon in the offset (notes §6.1). */
export const SALES_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}(Z|[+-]\d{2}:\d{2})$/;
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The Berlin day a lexoffice datetime stands for (`2021-01-27T00:00:00.000+01:00` -> `2021-01-27`). */
export function dayOf(datetime: string): string {
  return berlinDate(new Date(datetime));
}

/** Berlin midnight of a day as lexoffice writes it back. */
export function midnightOf(date: string): string {
  for (const offset of ['+01:00', '+02:00']) {
    const at = new Date(`${date}T00:00:00${offset}`);
    if (berlinTimestamp(at).endsWith(offset) && berlinDate(at) === date) return `${date}T00:00:00.000${offset}`;
  }
  return `${date}T00:00:00.000+01:00`;
}

export function isCalendarDate(s: string): boolean {
  if (!DATE_ONLY.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
