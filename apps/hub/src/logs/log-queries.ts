import type pg from 'pg';
import { BIGINT_PATTERN, cursorTime, decodeCursor, isoTime, page } from '../http/cursor.js';
import type { LogEntryView } from '../http/schemas/logs.js';

interface Row {
  id: string;
  at: string;
  tenant_id: string;
  connector: string;
  connection_id: string | null;
  invoice_id: string | null;
  operation: string | null;
  attempt: number;
  method: string;
  host: string;
  path: string;
  status_code: number | null;
  duration_ms: number;
  error: boolean;
  message: string | null;
  request: unknown;
  response: unknown;
  cursor_t: string;
}

const toView = (r: Row): LogEntryView => ({
  id: String(r.id),
  at: r.at,
  tenantId: r.tenant_id,
  connector: r.connector,
  connectionId: r.connection_id,
  invoiceId: r.invoice_id,
  operation: r.operation,
  attempt: r.attempt,
  method: r.method,
  host: r.host,
  path: r.path,
  statusCode: r.status_code,
  durationMs: r.duration_ms,
  error: r.error,
  message: r.message,
  request: r.request ?? null,
  response: r.response ?? null,
});

export interface LogFilter {
  /** null: every tenant (admin). */
  tenantId: string | null;
  connector?: string | undefined;
  invoiceId?: string | undefined;
  errorsOnly?: boolean | undefined;
  /** YYYY-MM-DD (start of that day, UTC) or an ISO timestamp. */
  from?: string | undefined;
  /** YYYY-MM-DD (through the end of that day, UTC) or an ISO timestamp (inclusive). */
  to?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The call log, newest first, keyset-paginated on (at desc, id desc): a tenant's reads walk the
 * (tenant_id, at, id) index backwards; the admin's all-tenant reads the (at) index.
 */
export class LogQueries {
  constructor(private readonly pool: pg.Pool) {}

  async list(f: LogFilter): Promise<{ items: LogEntryView[]; nextCursor: string | null }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (f.tenantId !== null) add((p) => `tenant_id = ${p}`, f.tenantId);
    if (f.connector) add((p) => `connector = ${p}`, f.connector);
    if (f.invoiceId) add((p) => `invoice_id = ${p}`, f.invoiceId);
    if (f.errorsOnly) where.push('error');
    if (f.from) add((p) => `at >= ${p}::timestamptz`, DATE_ONLY.test(f.from) ? `${f.from}T00:00:00Z` : f.from);
    if (f.to) {
      if (DATE_ONLY.test(f.to)) add((p) => `at < (${p}::date + 1)::timestamp at time zone 'UTC'`, f.to);
      else add((p) => `at <= ${p}::timestamptz`, f.to);
    }
    const cursor = decodeCursor(f.cursor, BIGINT_PATTERN);
    if (cursor) {
      values.push(cursor.t, cursor.id);
      where.push(`(at, id) < ($${values.length - 1}::timestamptz, $${values.length}::bigint)`);
    }
    values.push(f.limit + 1);
    const res = await this.pool.query<Row>(
      `select id, ${isoTime('at')} as at, tenant_id, connector, connection_id, invoice_id, operation, attempt, method, host, path, status_code,
              duration_ms, error, message, request, response, ${cursorTime('at')} as cursor_t
       from call_log ${where.length ? `where ${where.join(' and ')}` : ''}
       order by at desc, id desc limit $${values.length}`,
      values,
    );
    const { rows, nextCursor } = page(res.rows, f.limit, (r) => ({ t: r.cursor_t, id: String(r.id) }));
    return { items: rows.map(toView), nextCursor };
  }
}
