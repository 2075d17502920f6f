import { randomUUID } from 'node:crypto';
import type { CustomerData } from '@accounting-hub/core';
import type pg from 'pg';
import { notFound } from '../errors/hub-error.js';
import { isoTime } from '../http/cursor.js';

/** The customer as the API shows it: the master data plus its link to the tenant's current tool. */
export interface CustomerView extends CustomerData {
  ref: string;
  syncDisabled: boolean;
  remote: { connector: string; id: string; customerNumber: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  ref: string;
  data: CustomerData;
  sync_disabled: boolean;
  created_at: string;
  updated_at: string;
  link_connector: string | null;
  link_remote_id: string | null;
  link_customer_number: string | null;
}

/**
 * The answer's select over a CTE `c` (the customer row, from a select or an upsert) joined with its link to the
 * tenant's current connector. $1 is always the tenant id.
 */
const view = (c: string, extra = '') => `
  with c as (${c}), t as (select connector from tenant where id = $1)
  select ${extra} c.ref, c.data, c.sync_disabled, ${isoTime('c.created_at')} as created_at, ${isoTime('c.updated_at')} as updated_at,
         l.connector as link_connector, l.remote_id as link_remote_id, l.customer_number as link_customer_number
  from c cross join t
  left join customer_link l on l.customer_id = c.id and l.connector = t.connector`;

function toView(r: Row): CustomerView {
  return {
    ref: r.ref,
    ...r.data,
    syncDisabled: r.sync_disabled,
    remote:
      r.link_connector && r.link_remote_id
        ? { connector: r.link_connector, id: r.link_remote_id, customerNumber: r.link_customer_number }
        : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The tenant's customer master data. Storing it never calls the tool: the sync of the customer's next invoice
 * pushes it (unless syncDisabled).
 */
export class CustomerService {
  constructor(private readonly pool: pg.Pool) {}

  async upsert(tenantId: string, ref: string, data: CustomerData): Promise<{ customer: CustomerView; created: boolean }> {
    const res = await this.pool.query<Row & { created: boolean }>(
      view(
        `insert into customer as x (id, tenant_id, ref, data, sync_disabled, created_at, updated_at)
         values ($4, $1, $2, $3, false, now(), now())
         on conflict (tenant_id, ref) do update set data = excluded.data,
           updated_at = case when x.data is distinct from excluded.data then now() else x.updated_at end
         returning *, (xmax = 0) as created`,
        'c.created,',
      ),
      [tenantId, ref, JSON.stringify(data), randomUUID()],
    );
    const row = res.rows[0]!;
    return { customer: toView(row), created: row.created };
  }

  async get(tenantId: string, ref: string): Promise<CustomerView> {
    const res = await this.pool.query<Row>(
      view('select * from customer where tenant_id = $1 and ref = $2'),
      [tenantId, ref],
    );
    if (!res.rows[0]) throw notFound('customer');
    return toView(res.rows[0]);
  }

  async setSyncDisabled(tenantId: string, ref: string, syncDisabled: boolean): Promise<CustomerView> {
    const res = await this.pool.query<Row>(
      view('update customer set sync_disabled = $3, updated_at = now() where tenant_id = $1 and ref = $2 returning *'),
      [tenantId, ref, syncDisabled],
    );
    if (!res.rows[0]) throw notFound('customer');
    return toView(res.rows[0]);
  }
}
