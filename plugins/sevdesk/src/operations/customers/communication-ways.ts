import { z } from 'zod';
import { type CommunicationWayType, communicationWayPayload } from '../../api/payloads.js';
import { LIST_LIMIT, refTo, sevdesk } from '../../api/request.js';
import { type CommunicationWayResponse, communicationWay } from '../../api/responses.js';
import type { SevdeskContext } from '../../state.js';
import { communicationWayFields } from './field-maps.js';

const OP = 'upsertCustomer';

/** CommunicationWayKey ids (notes §3.4, from sevdesk's tag text): 2 = Arbeit (work), 4 = Mobil. */
const KEY: Record<CommunicationWayType, number> = { EMAIL: 2, PHONE: 2, MOBILE: 4 };

export interface WantedWays {
  EMAIL?: string | undefined;
  PHONE?: string | undefined;
  MOBILE?: string | undefined;
}

function same(type: CommunicationWayType, a: string, b: string): boolean {
  const x = a.trim();
  const y = b.trim();
  return type === 'EMAIL' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/**
 * E-mail, phone and mobile of one contact: creates the missing ones, updates the one sevdesk uses (main, else the
 * first of its type) where the value changed, and leaves the rest alone (a way the tenant does not send is not
 * deleted: it may have been added in sevdesk). Returns the number of writes.
 */
export async function syncCommunicationWays(
  ctx: SevdeskContext,
  contactId: string,
  wanted: WantedWays,
  owner: 'customer' | 'customer.contactPerson',
  subject: string,
  isNew: boolean,
): Promise<number> {
  const types = (Object.keys(KEY) as CommunicationWayType[]).filter((t) => wanted[t]);
  if (types.length === 0) return 0;
  let existing: CommunicationWayResponse[] = [];
  if (!isNew) {
    existing = (
      await sevdesk(
        ctx,
        {
          operation: OP,
          method: 'GET',
          path: '/CommunicationWay',
          query: { 'contact[id]': contactId, 'contact[objectName]': 'Contact', limit: LIST_LIMIT },
          subject: `the contact details of ${subject}`,
        },
        z.array(communicationWay),
      )
    ).filter((w) => w.contact?.id === contactId);
  }
  let writes = 0;
  for (const type of types) {
    const value = wanted[type]!;
    const ofType = existing.filter((w) => w.type === type);
    if (ofType.some((w) => same(type, w.value, value))) continue;
    const current = ofType.find((w) => w.main) ?? ofType[0];
    const fields = communicationWayFields(type, owner);
    if (current) {
      await sevdesk(
        ctx,
        {
          operation: OP,
          method: 'PUT',
          path: `/CommunicationWay/${current.id}`,
          json: communicationWayPayload.parse({ value }),
          subject: `the ${type.toLowerCase()} of ${subject}`,
          fields,
        },
        communicationWay,
      );
    } else {
      const body = communicationWayPayload.parse({
        contact: refTo('Contact', contactId),
        type,
        value,
        key: refTo('CommunicationWayKey', KEY[type]),
        main: true,
      });
      await sevdesk(
        ctx,
        { operation: OP, method: 'POST', path: '/CommunicationWay', json: body, subject: `the ${type.toLowerCase()} of ${subject}`, fields },
        communicationWay,
      );
    }
    writes += 1;
  }
  return writes;
}
