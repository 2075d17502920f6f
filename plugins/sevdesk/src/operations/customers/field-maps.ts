import type { FieldMap } from '../../api/errors.js';
import type { CommunicationWayType } from '../../api/payloads.js';

/** The first segment of a sevdesk field path: `country.id` is about the country. */
const head = (p: string) => p.split('.')[0] ?? p;

const CONTACT: Record<string, string> = {
  name: 'companyName',
  surename: 'firstName',
  familyname: 'lastName',
  gender: 'salutation',
  vatNumber: 'vatId',
  taxNumber: 'taxNumber',
};

/** Fields of the customer's own contact; `customerNumber` is the tenant's reference (see contact-payload.ts). */
export const contactFields: FieldMap = (p) => {
  const h = head(p);
  if (h === 'customerNumber') return 'customer.ref';
  return CONTACT[h] ? `customer.${CONTACT[h]}` : undefined;
};

/** Fields of the company's contact person, a child contact in sevdesk. */
export const contactPersonFields: FieldMap = (p) => {
  const h = head(p);
  return CONTACT[h] && h !== 'vatNumber' && h !== 'taxNumber' && h !== 'name' ? `customer.contactPerson.${CONTACT[h]}` : undefined;
};

const ADDRESS: Record<string, string> = { street: 'street', zip: 'zip', city: 'city', name2: 'supplement', country: 'countryCode' };
export const addressFields: FieldMap = (p) => (ADDRESS[head(p)] ? `customer.address.${ADDRESS[head(p)]}` : undefined);

const WAY_FIELD: Record<CommunicationWayType, string> = { EMAIL: 'email', PHONE: 'phone', MOBILE: 'mobile' };
export function communicationWayFields(type: CommunicationWayType, owner: 'customer' | 'customer.contactPerson'): FieldMap {
  return (p) => (head(p) === 'value' ? `${owner}.${WAY_FIELD[type]}` : undefined);
}
