import { type CallRecord, type CallSink, capBody, type Logger, silentLogger } from '@accounting-hub/core';
import type { Queryable } from '../ratelimit/postgres-rate-limit-store.js';

/** Who a call was made for; every call-log row carries it. */
export interface CallLogMeta {
  tenantId: string;
  connector: string;
  /** Null for calls made before a connection exists (none so far: a connect test uses the id the row will get). */
  connectionId: string | null;
  invoiceId: string | null;
}

export interface CallLogWriter {
  /** A sink for core's HTTP client that writes one `call_log` row per attempt. It never throws. */
  sinkFor(meta: CallLogMeta): CallSink;
}

/**
 * A second cap after the client's own (16 KB by default): a connector may configure a bigger one, and the log
 * table must stay small whatever a plugin does.
 */
export const MAX_LOGGED_BODY_BYTES = 32_768;

const INSERT = `
insert into call_log (at, tenant_id, connector, connection_id, invoice_id, operation, attempt, method, host, path,
                      status_code, duration_ms, error, message, request, response)
values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::jsonb)`;

/**
 * Writes call records with one plain INSERT each (no ORM: this runs on every HTTP attempt of every job).
 * A failure is logged and swallowed: losing a log row must never fail a booking.
 */
export function createCallLogWriter(pool: Queryable, logger: Logger = silentLogger): CallLogWriter {
  return {
    sinkFor(meta) {
      return async (record: CallRecord) => {
        try {
          await pool.query(INSERT, rowValues(meta, record));
        } catch (err) {
          logger.warn({ err, connector: meta.connector, operation: record.operation }, 'could not write a call-log row');
        }
      };
    },
  };
}

function rowValues(meta: CallLogMeta, r: CallRecord): unknown[] {
  return [
    validDate(r.at),
    meta.tenantId,
    meta.connector,
    meta.connectionId,
    meta.invoiceId,
    clip(r.operation ?? null, 60),
    r.attempt,
    clip(r.method, 10),
    clip(r.host, 255),
    r.path,
    r.statusCode,
    Math.max(0, Math.round(r.durationMs)),
    r.error,
    r.message ?? null,
    jsonText(r.request),
    jsonText(r.response),
  ];
}

function validDate(at: string): Date {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? new Date() : d;
}

function clip<T extends string | null>(value: T, max: number): T {
  return (value !== null && value.length > max ? value.slice(0, max) : value) as T;
}

/**
 * JSON text for a jsonb column, capped, or null. PostgreSQL's jsonb refuses the NUL character (`\u0000`), which a
 * binary response read as text can contain; it is dropped rather than losing the whole row.
 */
export function jsonText(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  let json: string | undefined;
  try {
    json = JSON.stringify(capBody(value, MAX_LOGGED_BODY_BYTES));
  } catch {
    return JSON.stringify('<not serialisable>');
  }
  if (json === undefined) return null;
  // Only an unescaped `\u0000` is the NUL character; `\\u0000` is a backslash followed by text.
  return json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1');
}
