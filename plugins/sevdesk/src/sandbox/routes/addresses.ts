import { nowIso } from '../dates.js';
import { notFound } from '../errors.js';
import { type RouteContext, documented } from '../openapi/route.js';
import { renderAddress } from '../render.js';
import type { SdAddress } from '../state.js';
import { ADDRESS_CATEGORIES, STATIC_COUNTRIES } from '../static-data.js';
import { unprocessable } from '../tax-rules.js';
import { type Body, bodyOf, filterId, has, idParam, page, queryOf, refId, text } from './common.js';

function countryOf(body: Body): number {
  const id = refId(body.country);
  if (id === null || !STATIC_COUNTRIES.some((c) => c.id === id)) throw notFound('StaticCountry', id ?? '');
  return id;
}

function categoryOf(body: Body): number | null {
  if (!has(body, 'category') || body.category === null) return null;
  const id = refId(body.category);
  if (!ADDRESS_CATEGORIES.some((c) => c.id === id)) throw unprocessable(`category.id ${String(id)} is not an address category`);
  return id;
}

/** Contact addresses: separate objects with their own calls, not part of the contact (notes §3.3). */
export function addressRoutes(rc: RouteContext): void {
  const { state } = rc;

  documented(rc, 'POST', '/ContactAddress', async (request, reply) => {
    const body = bodyOf(request);
    const contactId = refId(body.contact);
    if (contactId === null || !state.contacts.has(contactId)) throw notFound('Contact', contactId ?? '');
    const at = nowIso();
    const address: SdAddress = {
      id: state.nextId(),
      contactId,
      street: text(body.street),
      zip: text(body.zip),
      city: text(body.city),
      countryId: countryOf(body),
      categoryId: categoryOf(body),
      name: text(body.name),
      name2: text(body.name2),
      create: at,
      update: at,
    };
    state.addresses.set(address.id, address);
    state.touchContact(contactId, at);
    return reply.code(201).send({ objects: renderAddress(address) });
  });

  documented(rc, 'GET', '/ContactAddress', async (request) => {
    const q = queryOf(request);
    // contact[id] is not among the spec's parameters but filters (notes §3.3).
    const contactId = filterId(q, 'contact');
    const rows = [...state.addresses.values()].filter((a) => contactId === undefined || a.contactId === contactId);
    return page(rows.map(renderAddress), q);
  });

  documented(rc, 'GET', '/ContactAddress/{contactAddressId}', async (request) => {
    const id = idParam(request, 'contactAddressId');
    const a = state.addresses.get(id);
    if (!a) throw notFound('ContactAddress', id);
    return { objects: [renderAddress(a)] };
  });

  documented(rc, 'PUT', '/ContactAddress/{contactAddressId}', async (request) => {
    const id = idParam(request, 'contactAddressId');
    const a = state.addresses.get(id);
    if (!a) throw notFound('ContactAddress', id);
    const body = bodyOf(request);
    for (const f of ['street', 'zip', 'city', 'name', 'name2'] as const) if (has(body, f)) a[f] = text(body[f]);
    if (has(body, 'country') && body.country !== null) a.countryId = countryOf(body);
    if (has(body, 'category')) a.categoryId = categoryOf(body);
    a.update = nowIso();
    state.touchContact(a.contactId, a.update);
    return { objects: renderAddress(a) };
  });
}
