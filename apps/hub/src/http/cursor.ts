import { badRequest } from '../errors/hub-error.js';

/**
 * Keyset cursors: base64url of the last row's sort key. Opaque to clients; a tampered one is a 400 naming
 * `cursor`, never a database error.
 */
export interface Cursor {
  /** The sort timestamp with microseconds, as PostgreSQL printed it. */
  t: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.t, cursor.id]), 'utf8').toString('base64url');
}

const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

export function decodeCursor(raw: string | undefined, idPattern: RegExp): Cursor | null {
  if (raw === undefined || raw === '') return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [t, id] = parsed;
      if (typeof t === 'string' && TS.test(t) && typeof id === 'string' && idPattern.test(id)) return { t, id };
    }
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not one this API handed out.', [{ path: 'cursor', message: 'invalid cursor' }]);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const BIGINT_PATTERN = /^\d{1,19}$/;

/**
 * SQL printing a timestamptz as an ISO 8601 UTC string with milliseconds, for answers. (The ORM's pool returns
 * timestamps as PostgreSQL's raw text, whose format depends on the session: format them in SQL instead.)
 */
export const isoTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL expression printing a timestamptz column in UTC with microseconds, exactly as the cursor keeps it. */
export const cursorTime = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Takes `limit + 1` rows, answers `limit` of them and the cursor after the last one (null when no more). */
export function page<R>(rows: R[], limit: number, key: (row: R) => Cursor): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(key(kept[kept.length - 1]!)) };
}
