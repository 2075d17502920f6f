import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseWire } from '../api-error.js';
import type { ReferenceState, StoredCustomer } from '../state.js';
import { type CustomerWire, customerQuery, customerUpdateWire, customerWire } from '../wire.js';

const idParams = z.strictObject({ id: z.string() });

/** The tool's own rules beyond the shape: the checks its real counterpart makes when a customer is saved. */
function checkCustomer(c: CustomerWire): void {
  if (c.kind === 'company' && !c.companyName?.trim()) throw new ApiError(422, 'company_name_missing', 'A company needs a name', 'companyName');
  if (c.kind === 'person' && !c.lastName?.trim()) throw new ApiError(422, 'last_name_missing', 'A person needs a last name', 'lastName');
  if (c.kind === 'person' && c.contactPersons.length > 0) {
    throw new ApiError(422, 'contact_person_not_allowed', 'Only companies have contact persons', 'contactPersons');
  }
  if (c.contactPersons.length > 1) {
    throw new ApiError(422, 'contact_persons_limit', 'At most one contact person per customer', 'contactPersons');
  }
  if (c.vatId !== undefined) {
    const valid = c.vatId.startsWith('DE') ? /^DE\d{9}$/.test(c.vatId) : /^[A-Z]{2}[0-9A-Z+*.]{2,12}$/.test(c.vatId);
    if (!valid) {
      const message = c.vatId.startsWith('DE')
        ? `The VAT id ${c.vatId} is invalid: a German VAT id is DE followed by 9 digits`
        : `The VAT id ${c.vatId} is invalid`;
      throw new ApiError(422, 'vat_id_invalid', message, 'vatId');
    }
  }
}

function find(state: ReferenceState, id: string): StoredCustomer {
  const c = state.customers.get(id);
  if (!c) throw new ApiError(404, 'not_found', `No customer ${id}`);
  return c;
}

export function customerRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.get('/v1/customers', async (request) => {
    const q = parseWire(customerQuery, request.query);
    const items = [...state.customers.values()].filter((c) => q.externalRef === undefined || c.externalRef === q.externalRef);
    return { items };
  });

  app.get('/v1/customers/:id', async (request) => find(state, parseWire(idParams, request.params).id));

  app.post('/v1/customers', async (request, reply) => {
    const body = parseWire(customerWire, request.body);
    checkCustomer(body);
    const stored: StoredCustomer = { ...body, id: state.nextId('cus'), customerNumber: state.nextCustomerNumber(), version: 0 };
    state.customers.set(stored.id, stored);
    return reply.code(201).send(stored);
  });

  app.put('/v1/customers/:id', async (request) => {
    const current = find(state, parseWire(idParams, request.params).id);
    const { version, ...body } = parseWire(customerUpdateWire, request.body);
    if (version !== current.version) {
      throw new ApiError(409, 'version_conflict', `The customer changed meanwhile (version ${current.version}, not ${version})`, 'version');
    }
    checkCustomer(body);
    const updated: StoredCustomer = { ...body, id: current.id, customerNumber: current.customerNumber, version: current.version + 1 };
    state.customers.set(updated.id, updated);
    return updated;
  });
}
