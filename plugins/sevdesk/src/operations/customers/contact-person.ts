import type { ContactPerson, Customer } from '@accounting-hub/core';
import { z } from 'zod';
import { contactPayload } from '../../api/payloads.js';
import { LIST_LIMIT, refTo, sevdesk } from '../../api/request.js';
import { type ContactResponse, contact } from '../../api/responses.js';
import type { SevdeskContext } from '../../state.js';
import { syncCommunicationWays } from './communication-ways.js';
import { ACTIVE, CUSTOMER_CATEGORY, changedFields, contactPersonFieldsOf } from './contact-payload.js';
import { contactPersonFields } from './field-maps.js';

const OP = 'upsertCustomer';

function displayName(p: ContactPerson): string {
  return [p.firstName, p.lastName].filter(Boolean).join(' ');
}

function sameName(p: ContactPerson, c: ContactResponse): boolean {
  const eq = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  return eq(p.lastName, c.familyname) && eq(p.firstName, c.surename);
}

/**
 * A company's contact person is a person contact whose `parent` is the company (notes §3.2). Matched by name; when
 * the company has exactly one person and the name changed, that person is renamed; with several persons and none
 * matching, another is added rather than overwriting one somebody entered in sevdesk. Returns the number of writes.
 */
export async function syncContactPerson(ctx: SevdeskContext, companyId: string, c: Customer, isNew: boolean): Promise<number> {
  const person = c.contactPerson;
  if (c.type !== 'company' || !person) return 0;
  const subject = `the contact person ${displayName(person)} of ${c.companyName ?? ''}`.trim();
  const children = isNew
    ? []
    : (
        await sevdesk(
          ctx,
          {
            operation: OP,
            method: 'GET',
            path: '/Contact',
            // depth=1: without it sevdesk leaves persons out of the list (notes §3.2).
            query: { 'parent[id]': companyId, 'parent[objectName]': 'Contact', depth: '1', limit: LIST_LIMIT },
            subject,
          },
          z.array(contact),
        )
      ).filter((x) => x.parent?.id === companyId);
  const desired = contactPersonFieldsOf(person);
  let writes = 0;
  let created = false;
  let current = children.find((x) => sameName(person, x)) ?? (children.length === 1 ? children[0] : undefined);
  if (current) {
    const changes = changedFields(desired, current as Record<string, unknown>);
    if (Object.keys(changes).length > 0) {
      await sevdesk(
        ctx,
        { operation: OP, method: 'PUT', path: `/Contact/${current.id}`, json: contactPayload.parse(changes), subject, fields: contactPersonFields },
        contact,
      );
      writes += 1;
    }
  } else {
    const body = contactPayload.parse({
      ...desired,
      category: refTo('Category', CUSTOMER_CATEGORY),
      status: ACTIVE,
      parent: refTo('Contact', companyId),
    });
    current = await sevdesk(ctx, { operation: OP, method: 'POST', path: '/Contact', json: body, subject, fields: contactPersonFields }, contact);
    created = true;
    writes += 1;
  }
  writes += await syncCommunicationWays(
    ctx,
    current.id,
    { EMAIL: person.email, PHONE: person.phone },
    'customer.contactPerson',
    subject,
    created,
  );
  return writes;
}
