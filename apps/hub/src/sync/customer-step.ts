import {
  type Customer,
  type CustomerData,
  type RemoteCustomer,
  upsertCustomerResult,
} from '@accounting-hub/core';
import type pg from 'pg';
import type { OpenedConnection } from '../app/services.js';
import { stableHash } from '../util/stable-hash.js';

interface CustomerRow {
  id: string;
  ref: string;
  data: CustomerData;
  sync_disabled: boolean;
  remote_id: string | null;
  customer_number: string | null;
  version: number | null;
  synced_hash: string | null;
}

export interface ResolvedCustomer {
  /** The customer with the tenant's CURRENT master data (a re-sync after a correction uses the correction). */
  customer: Customer;
  remote: RemoteCustomer;
}

/**
 * Makes sure the customer exists in the tool and is current, pushing it only when its data changed since the
 * last push (or was never pushed). With sync disabled, an existing link is used as it is; a customer that was
 * never created is still created once, because no document can be booked without one.
 *
 * Runs under a transaction-scoped advisory lock on the customer, so two invoices of one new customer booked at
 * the same moment (two hub processes) create one contact, not two.
 */
export async function ensureRemoteCustomer(
  pool: pg.Pool,
  opened: OpenedConnection,
  customerId: string,
  call: <T>(fn: (o: OpenedConnection) => Promise<T>) => Promise<T>,
): Promise<ResolvedCustomer> {
  const connectorId = opened.connector.manifest.id;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`customer:${customerId}`]);
    const res = await client.query<CustomerRow>(
      `select c.id, c.ref, c.data, c.sync_disabled, l.remote_id, l.customer_number, l.version, l.synced_hash
       from customer c left join customer_link l on l.customer_id = c.id and l.connector = $2
       where c.id = $1`,
      [customerId, connectorId],
    );
    const row = res.rows[0];
    if (!row) throw new Error(`customer ${customerId} vanished`);
    const customer = { ref: row.ref, ...row.data } as Customer;
    const link: RemoteCustomer | null = row.remote_id
      ? {
          id: row.remote_id,
          ...(row.customer_number ? { customerNumber: row.customer_number } : {}),
          ...(row.version !== null ? { version: row.version } : {}),
        }
      : null;
    const hash = stableHash(row.data);
    if (link && (row.sync_disabled || row.synced_hash === hash)) {
      await client.query('commit');
      return { customer, remote: link };
    }
    const result = upsertCustomerResult.parse(
      await call((o) => o.connector.upsertCustomer(o.ctx, { customer, remote: link })),
    );
    await client.query(
      `insert into customer_link (id, customer_id, connector, remote_id, customer_number, version, synced_hash, synced_at)
       values (gen_random_uuid(), $1, $2, $3, $4, $5, $6, now())
       on conflict (customer_id, connector) do update set remote_id = excluded.remote_id,
         customer_number = excluded.customer_number, version = excluded.version,
         synced_hash = excluded.synced_hash, synced_at = excluded.synced_at`,
      [customerId, connectorId, result.customer.id, result.customer.customerNumber ?? null, result.customer.version ?? null, hash],
    );
    await client.query('commit');
    return { customer, remote: result.customer };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
