import {
  ConnectorError,
  type Customer,
  type RemoteCustomer,
  type UpsertCustomerInput,
  type UpsertCustomerResult,
  conflictError,
  customerDisplayName,
  validationError,
} from '@accounting-hub/core';
import type { z } from 'zod';
import { readErrorBody } from '../api/error-body.js';
import { isVersionConflict, lexofficeErrorFor } from '../api/errors.js';
import { neutralField } from '../api/fields.js';
import { type LexContext, api, apiOrNull, authKindOf, jsonBody, searchString, send } from '../api/request.js';
import { type ContactRead, actionResult, contactPage, contactRead, contactWrite } from '../api/wire.js';
import { contactMatches, handEditedLists, newContactPayload, updatedContactPayload } from '../mapping/contact.js';

const OP = 'upsertCustomer';

function subjectOf(customer: Customer): string {
  return `customer ${customerDisplayName(customer)}`;
}

/** The link the hub stores, with the customer number lexoffice assigned (written back to the tenant). */
function remoteOf(contact: ContactRead): RemoteCustomer {
  const number = contact.roles.customer?.number;
  return { id: contact.id, ...(number === undefined ? {} : { customerNumber: String(number) }), version: contact.version };
}

/**
 * The tenant-facing error for a contact lexoffice will not let the API update (edited by hand there). SEMCO's
 * guide shows the same situation: the tenant corrects the contact in lexoffice or disables sync for the customer.
 */
function handEditedError(customer: Customer, what: string): ConnectorError {
  const name = customerDisplayName(customer);
  return validationError(
    `The contact of customer ${name} was edited by hand in lexoffice (${what}), and lexoffice refuses API updates of such contacts: ` +
      `correct it in lexoffice (one contact person, one address, one e-mail and phone number of each kind) or disable sync for ${name}.`,
    { field: 'customer', providerField: 'company.contactPersons', providerKey: 'invalid_value' },
  );
}

async function readContact(ctx: LexContext, id: string, customer: Customer): Promise<ContactRead | null> {
  return apiOrNull(ctx, { operation: OP, method: 'GET', path: `/v1/contacts/${encodeURIComponent(id)}`, subject: subjectOf(customer) }, contactRead);
}

/**
 * After a create whose outcome is unknown (timeout, 5xx): a contact with exactly our data that lexoffice finds
 * by name is the one that landed. lexoffice has no external id to search by (notes §5.3).
 */
async function settleCreate(ctx: LexContext, customer: Customer): Promise<ContactRead | null> {
  const name = customerDisplayName(customer);
  // The name filter needs at least 3 characters (notes §5.2).
  if (name.length < 3) return null;
  const page = await api(
    ctx,
    {
      operation: OP,
      method: 'GET',
      path: '/v1/contacts',
      query: { name: searchString(name), customer: 'true', size: '100' },
      subject: subjectOf(customer),
    },
    contactPage,
  );
  const same = page.content.filter((c) => contactMatches(c, customer));
  return same.length === 1 ? (same[0] ?? null) : null;
}

async function createContact(ctx: LexContext, customer: Customer): Promise<UpsertCustomerResult> {
  const subject = subjectOf(customer);
  let created: z.infer<typeof actionResult>;
  try {
    created = await api(
      ctx,
      { operation: OP, method: 'POST', path: '/v1/contacts', body: jsonBody(contactWrite, newContactPayload(customer), subject), subject },
      actionResult,
    );
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.kind !== 'uncertain') throw error;
    const landed = await settleCreate(ctx, customer).catch(() => null);
    if (landed) return { customer: remoteOf(landed), action: 'created' };
    throw error;
  }
  // The customer number is assigned by lexoffice and only shows on the contact itself.
  const contact = await readContact(ctx, created.id, customer).catch(() => null);
  if (contact) return { customer: remoteOf(contact), action: 'created' };
  // The contact exists; its number is written back on the next sync (which reads the contact).
  return { customer: { id: created.id, ...(created.version === undefined ? {} : { version: created.version }) }, action: 'created' };
}

/** A 406 `invalid_value` on a field we do not send: lexoffice refusing a hand-edited contact (SEMCO's guide). */
function isHandEditRefusal(body: unknown): boolean {
  const issues = readErrorBody(body).issues;
  return issues.some((i) => i.key === 'invalid_value' && i.providerField !== 'version' && neutralField(i.providerField) === undefined);
}

/**
 * Updates only when a field lexoffice has differs, with the version just read. A version conflict (409, or 406
 * on `version`) re-reads and tries once more; a PUT is safe to repeat because the version guards it.
 */
async function updateContact(ctx: LexContext, current: ContactRead, customer: Customer, attempt: number): Promise<UpsertCustomerResult> {
  const subject = subjectOf(customer);
  if (contactMatches(current, customer)) {
    return { customer: remoteOf(current), action: attempt > 1 ? 'updated' : 'unchanged' };
  }
  // Only a needed write fails on a hand-edited contact: a second office e-mail added in lexoffice is no reason to
  // stop bookings while the tenant's data still matches.
  const edited = handEditedLists(current);
  if (edited.length > 0) throw handEditedError(customer, edited.join(', '));
  const path = `/v1/contacts/${encodeURIComponent(current.id)}`;
  const body = jsonBody(contactWrite, updatedContactPayload(current, customer), subject);
  const { req, res } = await send(ctx, { operation: OP, method: 'PUT', path, body, subject, idempotent: true });
  if (isVersionConflict(res)) {
    if (attempt >= 2) throw conflictError(`The contact of ${subject} keeps changing in lexoffice; it will be tried again later.`, { httpStatus: res.status });
    const fresh = await readContact(ctx, current.id, customer);
    if (!fresh) return createContact(ctx, customer);
    return updateContact(ctx, fresh, customer, attempt + 1);
  }
  if (res.status === 406 && isHandEditRefusal(res.body)) throw handEditedError(customer, 'lexoffice refused the update');
  const error = lexofficeErrorFor(res, req, { subject, authKind: authKindOf(ctx) });
  if (error) throw error;
  // The update happened; an unreadable answer only costs us the new version number.
  const result = actionResult.safeParse(res.body);
  const number = current.roles.customer?.number;
  return {
    customer: {
      id: current.id,
      ...(number === undefined ? {} : { customerNumber: String(number) }),
      version: (result.success ? result.data.version : undefined) ?? current.version + 1,
    },
    action: 'updated',
  };
}

/**
 * Creates the lexoffice contact (role customer) or updates the linked one. A linked contact that lexoffice no
 * longer has (404) is created anew, and the hub stores the new link.
 */
export async function upsertCustomer(ctx: LexContext, input: UpsertCustomerInput): Promise<UpsertCustomerResult> {
  if (input.remote) {
    const current = await readContact(ctx, input.remote.id, input.customer);
    if (current) return updateContact(ctx, current, input.customer, 1);
  }
  return createContact(ctx, input.customer);
}
