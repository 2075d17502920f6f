import type pg from 'pg';
import { notFound } from '../errors/hub-error.js';
import { decodeCursor, page, UUID_PATTERN } from '../http/cursor.js';
import { INVOICE_COLUMNS, type InvoiceRow, type InvoiceView, toInvoiceView } from './invoice-view.js';

export interface InvoiceListFilter {
  /** null: every tenant (admin). */
  tenantId: string | null;
  status?: InvoiceView['status'] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  number?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reads of invoices, always scoped by tenant (another tenant's invoice is simply not found). */
export class InvoiceQueries {
  constructor(private readonly pool: pg.Pool) {}

  /** The invoice; `tenantId` null only for the admin. 404 when missing or another tenant's. */
  async get(id: string, tenantId: string | null): Promise<InvoiceView> {
    const res = await this.pool.query<InvoiceRow>(
      `select ${INVOICE_COLUMNS} from invoice i where i.id = $1 and ($2::uuid is null or i.tenant_id = $2)`,
      [id, tenantId],
    );
    if (!res.rows[0]) throw notFound('invoice');
    return toInvoiceView(res.rows[0]);
  }

  async exists(id: string, tenantId: string): Promise<boolean> {
    const res = await this.pool.query('select 1 from invoice where id = $1 and tenant_id = $2', [id, tenantId]);
    return (res.rowCount ?? 0) > 0;
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(f: InvoiceListFilter): Promise<{ items: InvoiceView[]; nextCursor: string | null }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      values.push(value);
      where.push(sql(`$${values.length}`));
    };
    if (f.tenantId !== null) add((p) => `i.tenant_id = ${p}`, f.tenantId);
    if (f.status) add((p) => `i.status = ${p}`, f.status);
    if (f.from) add((p) => `i.date >= ${p}::date`, f.from);
    if (f.to) add((p) => `i.date <= ${p}::date`, f.to);
    if (f.number) add((p) => `i.number = ${p}`, f.number);
    const cursor = decodeCursor(f.cursor, UUID_PATTERN);
    if (cursor) {
      values.push(cursor.t, cursor.id);
      where.push(`(i.created_at, i.id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(f.limit + 1);
    const res = await this.pool.query<InvoiceRow>(
      `select ${INVOICE_COLUMNS} from invoice i ${where.length ? `where ${where.join(' and ')}` : ''}
       order by i.created_at desc, i.id desc limit $${values.length}`,
      values,
    );
    const { rows, nextCursor } = page(res.rows, f.limit, (r) => ({ t: r.cursor_t, id: r.id }));
    return { items: rows.map(toInvoiceView), nextCursor };
  }
}
