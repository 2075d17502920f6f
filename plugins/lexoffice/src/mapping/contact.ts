import type { Customer } from '@accounting-hub/core';
import type { AddressWire, ContactPersonWire, ContactRead, ContactWrite } from '../api/wire.js';

/**
 * The part of a lexoffice contact the hub owns, in the shape the SEMCO call log shows: a person
 * (salutation, firstName, lastName) or a company (name, VAT id, tax number, allowTaxFreeInvoices, one primary
 * contact person), one billing address, one business e-mail, one business and one mobile phone. Everything else
 * on the contact (shipping address, notes, other e-mail kinds, the vendor role) belongs to the tenant's
 * bookkeeper and is sent back untouched.
 */
interface Managed {
  company?: {
    name: string;
    taxNumber?: string | undefined;
    vatRegistrationId?: string | undefined;
    allowTaxFreeInvoices: boolean;
    contactPersons: ContactPersonWire[];
  };
  person?: { salutation?: string | undefined; firstName?: string | undefined; lastName: string };
  billing?: AddressWire | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  mobile?: string | undefined;
}

/**
 * Whether lexoffice should allow tax-free documents for the customer. The neutral model has no such flag; the
 * SEMCO log sets it for the company with a VAT id (Börse GmbH) and not for the one without (iLearn), and
 * lexoffice requires it for third-country invoices, so: a VAT id, or an address outside Germany.
 * UNCERTAIN: the flag's exact effect in lexoffice (notes §5.1); change this rule here if it turns out otherwise.
 */
function allowTaxFree(c: Customer): boolean {
  return Boolean(c.vatId) || (c.address !== undefined && c.address.countryCode !== 'DE');
}

function managedFromCustomer(c: Customer): Managed {
  const out: Managed = {};
  if (c.type === 'company') {
    const cp = c.contactPerson;
    out.company = {
      name: c.companyName ?? '',
      taxNumber: c.taxNumber,
      vatRegistrationId: c.vatId,
      allowTaxFreeInvoices: allowTaxFree(c),
      contactPersons: cp
        ? [{ primary: true, salutation: cp.salutation, firstName: cp.firstName, lastName: cp.lastName, emailAddress: cp.email, phoneNumber: cp.phone }]
        : [],
    };
  } else {
    out.person = { salutation: c.salutation, firstName: c.firstName, lastName: c.lastName ?? '' };
  }
  if (c.address) {
    const a = c.address;
    out.billing = { supplement: a.supplement, street: a.street, zip: a.zip, city: a.city, countryCode: a.countryCode };
  }
  out.email = c.email;
  out.phone = c.phone;
  out.mobile = c.mobile;
  return out;
}

function managedFromContact(contact: ContactRead): Managed {
  const out: Managed = {};
  if (contact.company) {
    const co = contact.company;
    out.company = {
      name: co.name,
      taxNumber: co.taxNumber,
      vatRegistrationId: co.vatRegistrationId,
      allowTaxFreeInvoices: co.allowTaxFreeInvoices ?? false,
      contactPersons: (co.contactPersons ?? []).map((p) => ({
        primary: p.primary ?? true,
        salutation: p.salutation,
        firstName: p.firstName,
        lastName: p.lastName,
        emailAddress: p.emailAddress,
        phoneNumber: p.phoneNumber,
      })),
    };
  }
  if (contact.person) {
    out.person = { salutation: contact.person.salutation, firstName: contact.person.firstName, lastName: contact.person.lastName };
  }
  const b = contact.addresses?.billing?.[0];
  if (b) out.billing = { supplement: b.supplement, street: b.street, zip: b.zip, city: b.city, countryCode: b.countryCode };
  out.email = contact.emailAddresses?.business?.[0];
  out.phone = contact.phoneNumbers?.business?.[0];
  out.mobile = contact.phoneNumbers?.mobile?.[0];
  return out;
}

/** JSON with sorted keys and without empty values, so that "absent" and "empty" compare equal. */
function canonical(value: unknown): string {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v)
        .map(([k, x]) => [k, clean(x)] as const)
        .filter(([, x]) => x !== undefined && x !== '')
        .sort(([a], [b]) => a.localeCompare(b));
      return Object.fromEntries(entries);
    }
    return typeof v === 'string' ? v.trim() : v;
  };
  return JSON.stringify(clean(value));
}

/** Whether the fields lexoffice has already hold what the tenant's customer says (nothing to update). */
export function contactMatches(contact: ContactRead, customer: Customer): boolean {
  return canonical(managedFromContact(contact)) === canonical(managedFromCustomer(customer));
}

function withoutEmpty<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

/** The managed fields as lexoffice contact properties. */
function managedProperties(m: Managed): Pick<ContactWrite, 'company' | 'person'> & {
  billing: AddressWire[] | undefined;
  email: string[] | undefined;
  phone: string[] | undefined;
  mobile: string[] | undefined;
} {
  return {
    ...(m.company
      ? {
          company: withoutEmpty({
            ...m.company,
            contactPersons: m.company.contactPersons.map((p) => withoutEmpty(p)),
          }),
        }
      : {}),
    ...(m.person ? { person: withoutEmpty(m.person) } : {}),
    billing: m.billing ? [withoutEmpty(m.billing)] : undefined,
    email: m.email ? [m.email] : undefined,
    phone: m.phone ? [m.phone] : undefined,
    mobile: m.mobile ? [m.mobile] : undefined,
  };
}

/** `POST /v1/contacts`: version 0 and the customer role as an empty object (`[]` is refused, notes §14.2). */
export function newContactPayload(customer: Customer): ContactWrite {
  const p = managedProperties(managedFromCustomer(customer));
  return {
    version: 0,
    roles: { customer: {} },
    ...(p.company ? { company: p.company } : {}),
    ...(p.person ? { person: p.person } : {}),
    ...(p.billing ? { addresses: { billing: p.billing } } : {}),
    ...(p.email ? { emailAddresses: { business: p.email } } : {}),
    ...(p.phone || p.mobile
      ? { phoneNumbers: { ...(p.phone ? { business: p.phone } : {}), ...(p.mobile ? { mobile: p.mobile } : {}) } }
      : {}),
  };
}

/** Sets or removes one entry of a category map (`emailAddresses`, `phoneNumbers`), keeping the other kinds. */
function withKind(map: Record<string, string[]> | undefined, kind: string, value: string[] | undefined): Record<string, string[]> {
  const out = { ...(map ?? {}) };
  if (value) out[kind] = value;
  else delete out[kind];
  return out;
}

/**
 * `PUT /v1/contacts/{id}`: the contact as read, with the managed fields replaced and the read-only ones
 * (id, organizationId, archived) left out. lexoffice wants the full representation with the version read.
 */
export function updatedContactPayload(contact: ContactRead, customer: Customer): ContactWrite {
  const { id: _id, organizationId: _org, archived: _archived, company: _company, person: _person, ...rest } = contact;
  const p = managedProperties(managedFromCustomer(customer));
  const addresses = { ...(contact.addresses ?? {}) };
  if (p.billing) addresses.billing = p.billing;
  else delete addresses.billing;
  return {
    ...rest,
    version: contact.version,
    roles: { ...contact.roles, customer: contact.roles.customer ?? {} },
    ...(p.company ? { company: p.company } : {}),
    ...(p.person ? { person: p.person } : {}),
    addresses,
    emailAddresses: withKind(contact.emailAddresses, 'business', p.email),
    phoneNumbers: withKind(withKind(contact.phoneNumbers, 'business', p.phone), 'mobile', p.mobile),
  };
}

/**
 * Lists on the contact longer than the API accepts: contacts edited by hand in lexoffice with a second contact
 * person (or address, e-mail, phone of one kind) can be read but never updated through the API (notes §5.1).
 */
export function handEditedLists(contact: ContactRead): string[] {
  const found: string[] = [];
  const persons = contact.company?.contactPersons?.length ?? 0;
  if (persons > 1) found.push(`${persons} contact persons`);
  for (const kind of ['billing', 'shipping'] as const) {
    const n = contact.addresses?.[kind]?.length ?? 0;
    if (n > 1) found.push(`${n} ${kind} addresses`);
  }
  for (const [kind, list] of Object.entries(contact.emailAddresses ?? {})) {
    if (list.length > 1) found.push(`${list.length} ${kind} e-mail addresses`);
  }
  for (const [kind, list] of Object.entries(contact.phoneNumbers ?? {})) {
    if (list.length > 1) found.push(`${list.length} ${kind} phone numbers`);
  }
  return found;
}
