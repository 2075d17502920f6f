import type { Cancellation } from '@accounting-hub/core';
import type pg from 'pg';
import type { SyncService } from '../app/services.js';
import type { CancellationRecord, RemoteRecord } from '../db/entities/shapes.js';
import { conflict, notFound } from '../errors/hub-error.js';
import type { TenantRecord } from '../http/principal.js';
import { inTransaction } from './transaction.js';

/**
 * POST /v1/invoices/{id}/cancel: records the cancellation (status pending) and its document on the booked invoice
 * and queues it, all in one transaction. The invoice row is locked meanwhile, so two cancels cannot both pass.
 */
export class CancelService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sync: SyncService,
  ) {}

  async cancel(tenant: TenantRecord, invoiceId: string, input: Cancellation): Promise<CancellationRecord> {
    const { document, ...request } = input;
    return inTransaction(this.pool, async (client) => {
      const res = await client.query<{ status: string; cancellation: CancellationRecord | null; remote: RemoteRecord | null }>(
        'select status, cancellation, remote from invoice where id = $1 and tenant_id = $2 for update',
        [invoiceId, tenant.id],
      );
      const invoice = res.rows[0];
      if (!invoice) throw notFound('invoice');
      if (invoice.cancellation) {
        throw conflict('already_cancelled', `This invoice has a cancellation already (${invoice.cancellation.request.number}).`);
      }
      if (invoice.status !== 'booked' || !invoice.remote) {
        throw conflict('not_booked', `Only a booked invoice can be cancelled; this one is ${invoice.status}.`);
      }
      const record: CancellationRecord = {
        request,
        status: 'pending',
        attempts: 0,
        remote: null,
        lastError: null,
        requestedAt: new Date().toISOString(),
        bookedAt: null,
      };
      await client.query(
        `with u as (update invoice set cancellation = $2, updated_at = now() where id = $1 returning id)
         insert into document (id, invoice_id, purpose, filename, content_type, content, created_at)
         select gen_random_uuid(), u.id, 'cancellation', $3, $4, decode($5, 'base64'), now() from u where $5::text is not null
         on conflict (invoice_id, purpose) do update set filename = excluded.filename, content_type = excluded.content_type,
           content = excluded.content, created_at = excluded.created_at`,
        [invoiceId, JSON.stringify(record), document?.filename ?? null, document?.contentType ?? null, document?.contentBase64 ?? null],
      );
      // The booked original lives in the tool the invoice went to: queue even when autoSync is off (an explicit
      // request), but not without any connector in the settings (then /sync queues it later).
      if (tenant.connector !== null) {
        await this.sync.enqueue({
          tenantId: tenant.id,
          invoiceId,
          op: 'cancel',
          db: { executeSql: (text, params) => client.query(text, params) },
        });
      }
      return record;
    });
  }
}
