import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../caller.js';
import { berlinTimestamp } from '../clock.js';
import { type IssueSpec, issueList, regularError } from '../http-errors.js';
import type { LexofficeState, StoredContact } from '../state.js';
import { vatIdIssue } from '../validation/vat-id.js';
import { htmlDecode, idParam, parseLegacyBody, queryOf } from '../wire-input.js';

export interface ContactRouteOptions {
  state: LexofficeState;
  /**
   * How a stale `version` on PUT is answered: the docs promise 409, one client saw 406 with the same IssueList
   * (notes §4). UNCERTAIN which lexoffice does today, so both are available.
   */
  staleVersionStatus: 409 | 406;
}

const text = (max: number) => z.string().max(max);
const address = z.object({
  supplement: text(255).optional(),
  street: text(255).optional(),
  zip: text(20).optional(),
  city: text(255).optional(),
  countryCode: z.string(),
});
const contactPerson = z.object({
  salutation: text(25).optional(),
  firstName: text(255).optional(),
  lastName: text(255),
  primary: z.boolean().optional(),
  emailAddress: z.string().optional(),
  phoneNumber: z.string().optional(),
});
const emailKinds = z.object({
  business: z.array(z.string()).optional(),
  office: z.array(z.string()).optional(),
  private: z.array(z.string()).optional(),
  other: z.array(z.string()).optional(),
});
const phoneKinds = z.object({
  business: z.array(z.string()).optional(),
  office: z.array(z.string()).optional(),
  mobile: z.array(z.string()).optional(),
  private: z.array(z.string()).optional(),
  fax: z.array(z.string()).optional(),
  other: z.array(z.string()).optional(),
});
/** A role is present when its key is: `{"customer":{}}`. A JSON array (`[]`) is refused (notes §14.2). */
const role = z.object({ number: z.number().int().optional() });

/** Unknown fields are ignored, as lexoffice's JSON mapping does; read-only ones (id, number) likewise. */
const contactBody = z.object({
  version: z.number().int(),
  // `roles: []` (a PHP or JS serializer's empty object) counts as missing, as lexoffice reports it (notes §14.2).
  roles: z.preprocess((v) => (Array.isArray(v) ? undefined : v), z.object({ customer: role.optional(), vendor: role.optional() })),
  company: z
    .object({
      name: z.string().min(1).max(255),
      taxNumber: text(30).optional(),
      vatRegistrationId: text(20).optional(),
      allowTaxFreeInvoices: z.boolean().optional(),
      contactPersons: z.array(contactPerson).optional(),
    })
    .optional(),
  person: z.object({ salutation: text(25).optional(), firstName: text(255).optional(), lastName: z.string().min(1).max(255) }).optional(),
  addresses: z.object({ billing: z.array(address).optional(), shipping: z.array(address).optional() }).optional(),
  emailAddresses: emailKinds.optional(),
  phoneNumbers: phoneKinds.optional(),
  xRechnung: z.object({ buyerReference: z.string().optional(), vendorNumberAtCustomer: z.string().optional() }).optional(),
  note: text(1000).optional(),
});
type ContactBody = z.infer<typeof contactBody>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const COUNTRY = /^[A-Z]{2}(_[A-Z0-9]{2})?$/;

/** The rules beyond the shape (notes §5.1): roles, company xor person, one entry per list, VAT id, formats. */
function contactIssues(body: ContactBody): IssueSpec[] {
  const issues: IssueSpec[] = [];
  if (!body.roles.customer && !body.roles.vendor) issues.push({ i18nKey: 'missing_entity', source: 'roles.customer or roles.vendor' });
  if (!body.company === !body.person) issues.push({ i18nKey: 'missing_entity', source: 'company or person' });
  const persons = body.company?.contactPersons ?? [];
  if (persons.length > 1) issues.push({ i18nKey: 'invalid_value', source: 'company.contactPersons' });
  persons.forEach((p, i) => {
    if (p.emailAddress !== undefined && !EMAIL.test(p.emailAddress)) issues.push({ i18nKey: 'invalid_value', source: `company.contactPersons[${i}].emailAddress` });
    if (p.phoneNumber !== undefined && (p.phoneNumber.length > 30 || p.phoneNumber.trim() === '')) {
      issues.push({ i18nKey: 'invalid_value', source: `company.contactPersons[${i}].phoneNumber` });
    }
  });
  if (body.company?.vatRegistrationId) {
    const vat = vatIdIssue(body.company.vatRegistrationId);
    if (vat) issues.push(vat);
  }
  for (const kind of ['billing', 'shipping'] as const) {
    const list = body.addresses?.[kind] ?? [];
    if (list.length > 1) issues.push({ i18nKey: 'invalid_value', source: `addresses.${kind}` });
    list.forEach((a, i) => {
      if (!COUNTRY.test(a.countryCode)) issues.push({ i18nKey: 'invalid_value', source: `addresses.${kind}[${i}].countryCode` });
    });
  }
  for (const [kind, list] of Object.entries(body.emailAddresses ?? {})) {
    if (!list) continue;
    if (list.length > 1) issues.push({ i18nKey: 'invalid_value', source: `emailAddresses.${kind}` });
    list.forEach((e, i) => {
      if (!EMAIL.test(e)) issues.push({ i18nKey: 'invalid_value', source: `emailAddresses.${kind}[${i}]` });
    });
  }
  for (const [kind, list] of Object.entries(body.phoneNumbers ?? {})) {
    if (!list) continue;
    if (list.length > 1) issues.push({ i18nKey: 'invalid_value', source: `phoneNumbers.${kind}` });
    list.forEach((p, i) => {
      if (p.trim() === '' || p.length > 30) issues.push({ i18nKey: 'invalid_value', source: `phoneNumbers.${kind}[${i}]` });
    });
  }
  const x = body.xRechnung;
  if (x && Boolean(x.buyerReference) !== Boolean(x.vendorNumberAtCustomer)) {
    issues.push({ i18nKey: 'missing_entity', source: x.buyerReference ? 'xRechnung.vendorNumberAtCustomer' : 'xRechnung.buyerReference' });
  }
  return issues;
}

/** The body's data as stored; roles keep the numbers lexoffice assigned (they cannot be set or changed). */
function applyBody(target: StoredContact, body: ContactBody): void {
  const { company, person } = body;
  if (company) {
    target.company = {
      ...company,
      ...(company.contactPersons ? { contactPersons: company.contactPersons.map((p) => ({ ...p, primary: p.primary ?? true })) } : {}),
    } as StoredContact['company'];
    delete target.person;
  } else if (person) {
    target.person = person as StoredContact['person'];
    delete target.company;
  }
  target.addresses = body.addresses as StoredContact['addresses'];
  target.emailAddresses = body.emailAddresses;
  target.phoneNumbers = body.phoneNumbers;
  target.xRechnung = body.xRechnung as StoredContact['xRechnung'];
  target.note = body.note as string;
  for (const key of ['addresses', 'emailAddresses', 'phoneNumbers', 'xRechnung', 'note'] as const) {
    if (target[key] === undefined) delete target[key];
  }
}

/** Contacts edited by hand with more entries than the API allows can be read, never updated (notes §5.1). */
function isHandEdited(contact: StoredContact): boolean {
  const over = (list: unknown[] | undefined) => (list?.length ?? 0) > 1;
  return (
    over(contact.company?.contactPersons) ||
    over(contact.addresses?.billing) ||
    over(contact.addresses?.shipping) ||
    Object.values(contact.emailAddresses ?? {}).some(over) ||
    Object.values(contact.phoneNumbers ?? {}).some(over)
  );
}

export function contactJson(state: LexofficeState, c: StoredContact) {
  return { ...c, organizationId: state.organization.id };
}

function actionResult(c: StoredContact) {
  return { id: c.id, resourceUri: `/v1/contacts/${c.id}`, createdDate: c.createdDate, updatedDate: c.updatedDate, version: c.version };
}

/** SQL LIKE as lexoffice's filters use it: `_` one character, `%` any, `\` escapes (notes §5.2). */
function likeToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && i + 1 < pattern.length) out += pattern[++i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (ch === '_') out += '.';
    else if (ch === '%') out += '.*';
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(out, 'i');
}

function notFound(request: FastifyRequest) {
  return regularError(404, request.url.split('?')[0] ?? request.url, 'Resource not found');
}

/** `/v1/contacts`: create, read, update with optimistic locking, filter (notes §5). No DELETE exists. */
export async function contactRoutes(app: FastifyInstance, opts: ContactRouteOptions): Promise<void> {
  const { state } = opts;

  app.post('/contacts', async (request, reply) => {
    requireScope(request, 'contacts.write');
    const body = parseLegacyBody(request, contactBody);
    const issues = contactIssues(body);
    // Contacts are created with version 0 (notes §4).
    if (body.version !== 0) issues.push({ i18nKey: 'invalid_value', source: 'version' });
    if (issues.length > 0) throw issueList(406, issues);
    const now = berlinTimestamp(new Date());
    const contact: StoredContact = {
      id: randomUUID(),
      version: 1,
      createdDate: now,
      updatedDate: now,
      roles: {
        ...(body.roles.customer ? { customer: { number: state.nextCustomerNumber() } } : {}),
        ...(body.roles.vendor ? { vendor: { number: 70000 + state.contacts.size + 1 } } : {}),
      },
      archived: false,
    };
    applyBody(contact, body);
    state.contacts.set(contact.id, contact);
    // UNCERTAIN: 200 or 201 on create; one client expects 200 for contacts (notes §14.2). Location since 09/2024.
    return reply.code(200).header('location', `/v1/contacts/${contact.id}`).send(actionResult(contact));
  });

  app.get('/contacts/:id', async (request) => {
    requireScope(request, 'contacts.read');
    const contact = state.contacts.get(idParam(request));
    if (!contact) throw notFound(request);
    return contactJson(state, contact);
  });

  app.put('/contacts/:id', async (request) => {
    requireScope(request, 'contacts.write');
    const contact = state.contacts.get(idParam(request));
    if (!contact) throw notFound(request);
    const body = parseLegacyBody(request, contactBody);
    if (body.version !== contact.version) {
      throw issueList(opts.staleVersionStatus, [{ i18nKey: 'invalid_value', source: 'version' }]);
    }
    // SEMCO's guide: a contact given a second contact person in lexoffice fails every sync with 'invalid_value'.
    // UNCERTAIN: the source lexoffice names; none is the safest guess.
    if (isHandEdited(contact)) throw issueList(406, [{ i18nKey: 'invalid_value', source: null }]);
    const issues = contactIssues(body);
    if (issues.length > 0) throw issueList(406, issues);
    applyBody(contact, body);
    if (body.roles.customer && !contact.roles.customer) contact.roles.customer = { number: state.nextCustomerNumber() };
    contact.version += 1;
    contact.updatedDate = berlinTimestamp(new Date());
    return actionResult(contact);
  });

  app.get('/contacts', async (request) => {
    requireScope(request, 'contacts.read');
    const q = queryOf(request);
    for (const name of ['email', 'name'] as const) {
      if (q[name] !== undefined && htmlDecode(q[name]).length < 3) {
        throw issueList(400, [{ i18nKey: 'bad_request_error', source: name, type: 'bad_request_error', args: ['3', '255'] }]);
      }
    }
    const size = Math.min(Number(q.size ?? 25) || 25, 250);
    const page = Math.max(Number(q.page ?? 0) || 0, 0);
    const email = q.email ? likeToRegExp(htmlDecode(q.email)) : undefined;
    const name = q.name ? likeToRegExp(htmlDecode(q.name)) : undefined;
    const matches = [...state.contacts.values()]
      .filter((c) => {
        if (q.customer !== undefined && Boolean(c.roles.customer) !== (q.customer === 'true')) return false;
        if (q.vendor !== undefined && Boolean(c.roles.vendor) !== (q.vendor === 'true')) return false;
        if (q.number !== undefined && String(c.roles.customer?.number) !== q.number && String(c.roles.vendor?.number) !== q.number) return false;
        if (name && !name.test(state.contactName(c))) return false;
        if (email) {
          const all = [...Object.values(c.emailAddresses ?? {}).flat(), ...(c.company?.contactPersons ?? []).map((p) => p.emailAddress ?? '')];
          if (!all.some((e) => e && email.test(e ?? ''))) return false;
        }
        return true;
      })
      .sort((a, b) => state.contactName(a).localeCompare(state.contactName(b)));
    const content = matches.slice(page * size, page * size + size).map((c) => contactJson(state, c));
    const totalPages = Math.max(1, Math.ceil(matches.length / size));
    return {
      content,
      first: page === 0,
      last: page >= totalPages - 1,
      totalPages,
      totalElements: matches.length,
      numberOfElements: content.length,
      size,
      number: page,
      sort: [{ property: 'name', direction: 'ASC', ignoreCase: false, nullHandling: 'NATIVE', ascending: true }],
    };
  });
}
