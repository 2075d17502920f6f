import { type UpsertCustomerInput, type UpsertCustomerResult, customerDisplayName } from '@accounting-hub/core';
import { customerFields } from '../api/errors.js';
import { type ReferenceContext, api, apiOrNull } from '../api/request.js';
import { type CustomerResponse, customerList, customerResponse } from '../api/responses.js';
import { customerPayload, sameCustomer } from '../payloads.js';

const remote = (c: CustomerResponse) => ({ id: c.id, customerNumber: c.customerNumber, version: c.version });

/**
 * Finds the customer by the stored link, or by the tenant's reference when there is no link yet (a create whose
 * answer was lost must not leave a twin behind); then creates, updates or leaves it.
 */
export async function upsertCustomer(ctx: ReferenceContext, input: UpsertCustomerInput): Promise<UpsertCustomerResult> {
  const subject = `the customer ${customerDisplayName(input.customer)}`;
  const base = { operation: 'upsertCustomer', fields: customerFields, subject };
  const payload = customerPayload(input.customer);

  const current = input.remote
    ? await apiOrNull(ctx, { ...base, method: 'GET', path: `/v1/customers/${encodeURIComponent(input.remote.id)}` }, customerResponse)
    : ((await api(ctx, { ...base, method: 'GET', path: '/v1/customers', query: { externalRef: input.customer.ref } }, customerList))
        .items[0] ?? null);

  if (!current) {
    const created = await api(ctx, { ...base, method: 'POST', path: '/v1/customers', body: { kind: 'json', value: payload } }, customerResponse);
    return { customer: remote(created), action: 'created' };
  }
  if (sameCustomer(current, payload)) return { customer: remote(current), action: 'unchanged' };
  // Based on the version just read: a 409 means someone changed it in between, which the hub treats as conflict.
  const updated = await api(
    ctx,
    {
      ...base,
      method: 'PUT',
      path: `/v1/customers/${encodeURIComponent(current.id)}`,
      body: { kind: 'json', value: { ...payload, version: current.version } },
    },
    customerResponse,
  );
  return { customer: remote(updated), action: 'updated' };
}
