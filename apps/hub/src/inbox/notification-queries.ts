import type pg from 'pg';
import type { Notification } from '../db/entities/notification.js';
import { cursorTime, decodeCursor, isoTime, page, UUID_PATTERN } from '../http/cursor.js';
import type { NotificationView } from '../http/schemas/notifications.js';

interface Row {
  id: string;
  tenant_id: string;
  invoice_id: string | null;
  connector: string | null;
  kind: string;
  message: string;
  state: 'open' | 'resolved';
  resolution: 'synced' | 'manual' | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  cursor_t: string;
}

const toView = (r: Row): NotificationView => ({
  id: r.id,
  tenantId: r.tenant_id,
  invoiceId: r.invoice_id,
  connector: r.connector,
  kind: r.kind,
  message: r.message,
  state: r.state,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  resolvedAt: r.resolved_at,
  resolution: r.resolution,
});

/** The entity NotificationService.resolveManually answers, as the API shows it. */
export function notificationEntityView(n: Notification): NotificationView {
  return {
    id: n.id,
    tenantId: n.tenant.id,
    invoiceId: n.invoice?.id ?? null,
    connector: n.connector ?? null,
    kind: n.kind,
    message: n.message,
    state: n.state,
    createdAt: n.createdAt.toISOString(),
    updatedAt: n.updatedAt.toISOString(),
    resolvedAt: n.resolvedAt?.toISOString() ?? null,
    resolution: n.resolution ?? null,
  };
}

export interface NotificationFilter {
  /** null: every tenant (admin). */
  tenantId: string | null;
  state?: 'open' | 'resolved' | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The inbox, newest first, keyset-paginated on (created_at, id). */
export class NotificationQueries {
  constructor(private readonly pool: pg.Pool) {}

  async list(f: NotificationFilter): Promise<{ items: NotificationView[]; nextCursor: string | null }> {
    const where: string[] = [];
    const values: unknown[] = [];
    if (f.tenantId !== null) {
      values.push(f.tenantId);
      where.push(`tenant_id = $${values.length}`);
    }
    if (f.state) {
      values.push(f.state);
      where.push(`state = $${values.length}`);
    }
    const cursor = decodeCursor(f.cursor, UUID_PATTERN);
    if (cursor) {
      values.push(cursor.t, cursor.id);
      where.push(`(created_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
    }
    values.push(f.limit + 1);
    const res = await this.pool.query<Row>(
      `select id, tenant_id, invoice_id, connector, kind, message, state, resolution, ${isoTime('created_at')} as created_at,
              ${isoTime('updated_at')} as updated_at, ${isoTime('resolved_at')} as resolved_at,
              ${cursorTime('created_at')} as cursor_t
       from notification ${where.length ? `where ${where.join(' and ')}` : ''}
       order by created_at desc, id desc limit $${values.length}`,
      values,
    );
    const { rows, nextCursor } = page(res.rows, f.limit, (r) => ({ t: r.cursor_t, id: r.id }));
    return { items: rows.map(toView), nextCursor };
  }
}
