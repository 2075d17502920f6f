import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { NotificationService } from '../app/services.js';
import { Notification } from '../db/entities/notification.js';
import { conflict, notFound } from '../errors/hub-error.js';

/**
 * The tenant's inbox. Writes go through single SQL statements on the partial unique index
 * (one open notification per invoice and kind), so concurrent failures of one invoice update one row.
 */
export function createNotificationService(deps: { pool: pg.Pool; em: () => EntityManager }): NotificationService {
  const { pool } = deps;
  return {
    async openForInvoice({ tenantId, invoiceId, connector, kind, message, details }) {
      await pool.query(
        `insert into notification (id, tenant_id, invoice_id, connector, kind, message, details, state, created_at, updated_at)
         values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, 'open', now(), now())
         on conflict (invoice_id, kind) where state = 'open'
         do update set message = excluded.message, details = excluded.details, connector = excluded.connector, updated_at = now()`,
        [tenantId, invoiceId, connector, kind, message, JSON.stringify(details)],
      );
    },

    async openForConnection({ tenantId, connector, message, details }) {
      // Connection notifications have no invoice, so the partial index does not cover them: update first, insert if none.
      const updated = await pool.query(
        `update notification set message = $3, details = $4, updated_at = now()
         where tenant_id = $1 and connector = $2 and kind = 'reauth_required' and state = 'open' and invoice_id is null`,
        [tenantId, connector, message, JSON.stringify(details)],
      );
      if (updated.rowCount === 0) {
        await pool.query(
          `insert into notification (id, tenant_id, invoice_id, connector, kind, message, details, state, created_at, updated_at)
           values (gen_random_uuid(), $1, null, $2, 'reauth_required', $3, $4, 'open', now(), now())`,
          [tenantId, connector, message, JSON.stringify(details)],
        );
      }
    },

    async resolveForInvoice(invoiceId, kinds) {
      await pool.query(
        `update notification set state = 'resolved', resolution = 'synced', resolved_at = now(), updated_at = now()
         where invoice_id = $1 and state = 'open' and kind = any($2::text[])`,
        [invoiceId, kinds],
      );
    },

    async resolveForConnection(tenantId, connector) {
      await pool.query(
        `update notification set state = 'resolved', resolution = 'synced', resolved_at = now(), updated_at = now()
         where tenant_id = $1 and connector = $2 and kind = 'reauth_required' and state = 'open'`,
        [tenantId, connector],
      );
    },

    async resolveManually(tenantId, notificationId) {
      const em = deps.em();
      return em.transactional(async (tx) => {
        const n = await tx.findOne(Notification, { id: notificationId, tenant: tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!n) throw notFound('notification');
        if (n.state === 'resolved') throw conflict('already_resolved', 'This notification is already resolved.');
        n.state = 'resolved';
        n.resolution = 'manual';
        n.resolvedAt = new Date();
        if (n.invoice) {
          // Booked by hand in the tool: nothing is left to sync for this invoice, and no retry may book it again.
          await tx.getConnection().execute(
            `update invoice set status = 'resolved', next_attempt_at = null, pending_write = null, updated_at = now()
             where id = ? and status in ('pending', 'failed', 'syncing')`,
            [n.invoice.id],
          );
        }
        return n;
      });
    },
  };
}
