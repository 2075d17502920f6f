import { nowIso } from '../dates.js';
import { notFound } from '../errors.js';
import { type RouteContext, documented } from '../openapi/route.js';
import { renderCommunicationWay } from '../render.js';
import type { SdCommunicationWay } from '../state.js';
import { COMMUNICATION_WAY_KEYS } from '../static-data.js';
import { unprocessable } from '../tax-rules.js';
import { bodyOf, filterId, has, idParam, page, queryOf, refId, text } from './common.js';

/** UNCERTAIN: whether sevdesk checks e-mail addresses; the sandbox refuses what is plainly none. */
function checkValue(type: string, value: string): void {
  if (type === 'EMAIL' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw unprocessable(`value ${value} is not a valid e-mail address`);
  if (value.trim() === '') throw unprocessable('value must not be empty');
}

/** E-mail, phone, mobile, web, fax of a contact (notes §3.4). */
export function communicationWayRoutes(rc: RouteContext): void {
  const { state } = rc;

  documented(rc, 'POST', '/CommunicationWay', async (request, reply) => {
    const body = bodyOf(request);
    const contactId = refId(body.contact);
    // Not required by the schema, but a communication way belongs to a contact.
    if (contactId === null) throw unprocessable('contact is required');
    if (!state.contacts.has(contactId)) throw notFound('Contact', contactId);
    const keyId = refId(body.key);
    if (keyId === null || !COMMUNICATION_WAY_KEYS.has(keyId)) throw notFound('CommunicationWayKey', keyId ?? '');
    const type = String(body.type);
    const value = text(body.value) ?? '';
    checkValue(type, value);
    const at = nowIso();
    const way: SdCommunicationWay = { id: state.nextId(), contactId, type, value, keyId, main: body.main === true, create: at, update: at };
    state.communicationWays.set(way.id, way);
    state.touchContact(contactId, at);
    return reply.code(201).send({ objects: renderCommunicationWay(way) });
  });

  documented(rc, 'GET', '/CommunicationWay', async (request) => {
    const q = queryOf(request);
    const contactId = filterId(q, 'contact');
    const rows = [...state.communicationWays.values()].filter(
      (w) =>
        (contactId === undefined || w.contactId === contactId) &&
        (q.type === undefined || w.type === q.type) &&
        (q.main === undefined || w.main === (q.main === '1')),
    );
    return page(rows.map(renderCommunicationWay), q);
  });

  documented(rc, 'PUT', '/CommunicationWay/{communicationWayId}', async (request) => {
    const id = idParam(request, 'communicationWayId');
    const w = state.communicationWays.get(id);
    if (!w) throw notFound('CommunicationWay', id);
    const body = bodyOf(request);
    if (has(body, 'type')) w.type = String(body.type);
    if (has(body, 'value')) w.value = text(body.value) ?? '';
    if (has(body, 'main')) w.main = body.main === true;
    if (has(body, 'key') && body.key !== null) {
      const keyId = refId(body.key);
      if (keyId === null || !COMMUNICATION_WAY_KEYS.has(keyId)) throw notFound('CommunicationWayKey', keyId ?? '');
      w.keyId = keyId;
    }
    checkValue(w.type, w.value);
    w.update = nowIso();
    state.touchContact(w.contactId, w.update);
    return { objects: renderCommunicationWay(w) };
  });
}
