import { nowIso } from '../dates.js';
import { SevdeskApiError, notFound } from '../errors.js';
import type { RouteContext } from '../openapi/route.js';
import { documented } from '../openapi/route.js';
import { renderContact } from '../render.js';
import type { SdContact } from '../state.js';
import { CONTACT_CATEGORIES } from '../static-data.js';
import { unprocessable } from '../tax-rules.js';
import { type Body, bodyOf, filterId, has, idParam, page, queryOf, refId, text } from './common.js';

const FIELDS = ['name', 'surename', 'familyname', 'gender', 'customerNumber', 'vatNumber', 'taxNumber'] as const;

function checkCategory(id: number | null): number {
  if (id === null || !CONTACT_CATEGORIES.has(id)) throw unprocessable(`category.id ${String(id)} is not a contact category (2, 3, 4 or 28)`);
  return id;
}

/** Contacts (notes §3): organisation or person by the name fields filled, persons under a company by `parent`. */
export function contactRoutes(rc: RouteContext): void {
  const { state } = rc;

  const parentOf = (body: Body): SdContact | null => {
    if (!has(body, 'parent') || body.parent === null) return null;
    const id = refId(body.parent);
    const parent = id === null ? undefined : state.contacts.get(id);
    if (!parent) throw notFound('Contact', id ?? '');
    if (!parent.name) throw unprocessable('parent must be an organisation (a contact with a name)');
    return parent;
  };

  documented(rc, 'POST', '/Contact', async (request, reply) => {
    const body = bodyOf(request);
    const categoryId = checkCategory(refId(body.category));
    const name = text(body.name);
    const surename = text(body.surename);
    const familyname = text(body.familyname);
    if (!name && !familyname && !surename) throw new SevdeskApiError(400, 'name or surename/familyname is required');
    const parent = parentOf(body);
    const at = nowIso();
    const contact: SdContact = {
      id: state.nextId(),
      name,
      surename,
      familyname,
      gender: text(body.gender),
      // Measured quirk (notes §3.2): a person created under a company carried the company's customer number.
      customerNumber: text(body.customerNumber) ?? parent?.customerNumber ?? null,
      parentId: parent?.id ?? null,
      categoryId,
      status: typeof body.status === 'number' ? body.status : 100,
      vatNumber: text(body.vatNumber),
      taxNumber: text(body.taxNumber),
      create: at,
      update: at,
      version: 1,
    };
    state.contacts.set(contact.id, contact);
    if (parent) state.touchContact(parent.id, at);
    return reply.code(201).send({ objects: renderContact(contact) });
  });

  documented(rc, 'GET', '/Contact', async (request) => {
    const q = queryOf(request);
    const parentId = filterId(q, 'parent');
    const categoryId = filterId(q, 'category');
    const rows = [...state.contacts.values()].filter(
      (c) =>
        // depth=0 (the default) lists organisations only (notes §3.2): persons need depth=1.
        (q.depth === '1' || c.name !== null) &&
        (q.customerNumber === undefined || c.customerNumber === q.customerNumber) &&
        (parentId === undefined || c.parentId === parentId) &&
        (categoryId === undefined || c.categoryId === categoryId) &&
        (q.name === undefined || [c.name, c.surename, c.familyname].some((n) => n?.toLowerCase().includes(q.name!.toLowerCase()))),
    );
    return page(rows.map(renderContact), q);
  });

  documented(rc, 'GET', '/Contact/{contactId}', async (request) => {
    const id = idParam(request, 'contactId');
    const c = state.contacts.get(id);
    if (!c) throw notFound('Contact', id);
    // GET by id answers an array with one element (notes §1.3).
    return { objects: [renderContact(c)] };
  });

  documented(rc, 'PUT', '/Contact/{contactId}', async (request) => {
    const id = idParam(request, 'contactId');
    const c = state.contacts.get(id);
    if (!c) throw notFound('Contact', id);
    const body = bodyOf(request);
    // A partial update (notes §3.1): only the fields sent change.
    for (const f of FIELDS) if (has(body, f)) c[f] = text(body[f]);
    if (has(body, 'category') && body.category !== null) c.categoryId = checkCategory(refId(body.category));
    if (has(body, 'status') && typeof body.status === 'number') c.status = body.status;
    if (has(body, 'parent')) c.parentId = parentOf(body)?.id ?? null;
    if (!c.name && !c.familyname && !c.surename) throw new SevdeskApiError(400, 'name or surename/familyname is required');
    state.touchContact(id, nowIso());
    return { objects: renderContact(c) };
  });

  documented(rc, 'DELETE', '/Contact/{contactId}', async (request) => {
    const id = idParam(request, 'contactId');
    const c = state.contacts.get(id);
    if (!c) throw notFound('Contact', id);
    const used =
      [...state.invoices.values()].some((i) => i.contactId === id) ||
      [...state.creditNotes.values()].some((n) => n.contactId === id) ||
      [...state.vouchers.values()].some((v) => v.supplierId === id);
    // UNCERTAIN: the notes say only that a referenced contact cannot be deleted (409).
    if (used) throw new SevdeskApiError(409, 'Contact is still used by documents and can not be deleted', 159);
    for (const child of [...state.contacts.values()].filter((x) => x.parentId === id)) state.contacts.delete(child.id);
    for (const a of [...state.addresses.values()].filter((x) => x.contactId === id)) state.addresses.delete(a.id);
    for (const w of [...state.communicationWays.values()].filter((x) => x.contactId === id)) state.communicationWays.delete(w.id);
    state.contacts.delete(id);
    return { objects: [null] };
  });
}
