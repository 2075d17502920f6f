import { createHash, randomUUID } from 'node:crypto';
import { checkInvoiceRules, type Customer, type CustomerData } from '@accounting-hub/core';
import type pg from 'pg';
import { z } from 'zod';
import type { SyncService } from '../app/services.js';
import type { StoredInvoiceData } from '../db/entities/shapes.js';
import { conflict, unprocessable } from '../errors/hub-error.js';
import type { TenantRecord } from '../http/principal.js';
import type { InvoiceIntake } from '../http/schemas/invoices.js';
import { stableHash } from '../util/stable-hash.js';
import { inTransaction, isUniqueViolation } from './transaction.js';

export type IntakeResult = { created: true; id: string } | { created: false; id: string };

const INVOICE_INSERT = `
  insert into invoice (id, tenant_id, number, idempotency_key, body_hash, data, customer_id, date, status, attempts,
                       created_at, updated_at)
  select $3, $1, $4, $5, $6, $7, c.id, $8::date, 'pending', 0, now(), now() from c
  returning id`;

/** The last CTE and the answer: the invoice id, or no row when the customer (by ref) was not there. */
const DOCUMENT_INSERT = `, d as (
    insert into document (id, invoice_id, purpose, filename, content_type, content, created_at)
    select gen_random_uuid(), i.id, 'invoice', $9, $10, decode($11, 'base64'), now() from i where $11::text is not null
  )
  select id from i`;

/** Inline customer: upsert the master data (updated_at moves only when it changed), then invoice and document. */
const INSERT_WITH_CUSTOMER = `
  with c as (
    insert into customer as x (id, tenant_id, ref, data, sync_disabled, created_at, updated_at)
    values (gen_random_uuid(), $1, $2, $12, false, now(), now())
    on conflict (tenant_id, ref) do update set data = excluded.data,
      updated_at = case when x.data is distinct from excluded.data then now() else x.updated_at end
    returning id
  ), i as (${INVOICE_INSERT})
  ${DOCUMENT_INSERT}`;

/** customerRef: the stored customer. */
const INSERT_WITH_REF = `
  with c as (select id from customer where tenant_id = $1 and ref = $2), i as (${INVOICE_INSERT})
  ${DOCUMENT_INSERT}`;

/**
 * The canonical hash of the parsed body (keys sorted, amounts normalised by the schema), so that the same invoice
 * in another spelling is the same. The file enters by its own hash: no JSON copy of up to 14 MB of base64.
 */
function canonicalHash(body: InvoiceIntake): string {
  const { document, ...rest } = body;
  const file = document && { ...document, contentBase64: createHash('sha256').update(document.contentBase64).digest('hex') };
  return stableHash({ ...rest, document: file });
}

function expectStored(res: pg.QueryResult, ref: string): void {
  if (res.rowCount === 0) throw unknownCustomer(ref);
}

const unknownCustomer = (ref: string) =>
  unprocessable('unknown_customer', `There is no customer "${ref}": store it with PUT /v1/customers/{ref} or send it inline.`, [
    { path: 'customerRef', message: 'no customer with this ref' },
  ]);

const customerRules = z.any().superRefine((inv, ctx) => checkInvoiceRules(inv, ctx));

/**
 * POST /v1/invoices. The invoice (without its file), the file and the customer are written by ONE statement, and
 * its booking job joins the same transaction when the tenant has a connector and autoSync is on; otherwise the
 * invoice waits as `pending` for /sync or a backfill. The number is unique per tenant: a repeat with the same
 * body (canonical hash of the parsed body) answers the stored invoice, another body 409 (likewise per
 * Idempotency-Key). Concurrent duplicates meet at the unique index and resolve the same way.
 */
export class IntakeService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly sync: SyncService,
  ) {}

  async submit(tenant: TenantRecord, body: InvoiceIntake, idempotencyKey: string | undefined): Promise<IntakeResult> {
    const { document, customerRef, customer: inline, ...fields } = body;
    const bodyHash = canonicalHash(body);
    let customer: Customer;
    if (inline) {
      customer = inline;
    } else {
      customer = await this.storedCustomer(tenant.id, customerRef!);
      const rules = customerRules.safeParse({ ...fields, customer });
      if (!rules.success) {
        throw unprocessable(
          'customer_unsuitable',
          `The stored customer "${customerRef}" does not fit this invoice: ${rules.error.issues[0]!.message}.`,
          rules.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        );
      }
    }
    const data: StoredInvoiceData = { ...fields, customer };
    const { ref, ...customerData } = customer;
    const values = [
      tenant.id,
      ref,
      null, // $3: the invoice id, per attempt
      body.number,
      idempotencyKey ?? null,
      bodyHash,
      JSON.stringify(data),
      body.date,
      document?.filename ?? null,
      document?.contentType ?? null,
      document?.contentBase64 ?? null,
    ];
    if (inline) values.push(JSON.stringify(customerData satisfies CustomerData));
    const sql = inline ? INSERT_WITH_CUSTOMER : INSERT_WITH_REF;
    const queue = tenant.connector !== null && tenant.autoSync;

    for (let attempt = 1; ; attempt++) {
      const id = randomUUID();
      values[2] = id;
      try {
        if (queue) {
          await inTransaction(this.pool, async (client) => {
            expectStored(await client.query(sql, values), ref);
            await this.sync.enqueue({
              tenantId: tenant.id,
              invoiceId: id,
              op: 'book',
              db: { executeSql: (text, params) => client.query(text, params) },
            });
          });
        } else {
          expectStored(await this.pool.query(sql, values), ref);
        }
        return { created: true, id };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const existing = await this.findDuplicate(tenant.id, body.number, idempotencyKey, bodyHash);
        if (existing) return { created: false, id: existing };
        // The other request rolled back meanwhile: try again (bounded, a pathological race is a 409).
        if (attempt >= 3) throw conflict('duplicate_number', `Invoice ${body.number} is being submitted concurrently; retry.`);
      }
    }
  }

  private async storedCustomer(tenantId: string, ref: string): Promise<Customer> {
    const res = await this.pool.query<{ data: CustomerData }>('select data from customer where tenant_id = $1 and ref = $2', [
      tenantId,
      ref,
    ]);
    const row = res.rows[0];
    if (!row) throw unknownCustomer(ref);
    return { ref, ...row.data };
  }

  /** The stored invoice a unique violation ran into: its id when the body is the same, else 409. */
  private async findDuplicate(tenantId: string, number: string, key: string | undefined, bodyHash: string): Promise<string | null> {
    if (key !== undefined) {
      const byKey = await this.pool.query<{ id: string; body_hash: string }>(
        'select id, body_hash from invoice where tenant_id = $1 and idempotency_key = $2',
        [tenantId, key],
      );
      const row = byKey.rows[0];
      if (row) {
        if (row.body_hash === bodyHash) return row.id;
        throw conflict('idempotency_key_reused', 'This Idempotency-Key was used before with another body.');
      }
    }
    const byNumber = await this.pool.query<{ id: string; body_hash: string }>(
      'select id, body_hash from invoice where tenant_id = $1 and number = $2',
      [tenantId, number],
    );
    const row = byNumber.rows[0];
    if (!row) return null;
    if (row.body_hash === bodyHash) return row.id;
    throw conflict('duplicate_number', `Invoice number ${number} exists already with another body.`);
  }
}
