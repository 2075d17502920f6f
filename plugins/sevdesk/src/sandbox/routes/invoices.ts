import { type PositionInput, decimalOf, documentSums, negate, negateQuantity } from '../amounts.js';
import { nowIso, parseSevdeskDate, today } from '../dates.js';
import { SevdeskApiError, errorBody, notFound } from '../errors.js';
import { type RouteContext, documented } from '../openapi/route.js';
import { renderInvoice, renderInvoicePositions } from '../render.js';
import type { SdInvoice, SdPosition } from '../state.js';
import { SEV_USER, STATIC_COUNTRIES, UNITIES } from '../static-data.js';
import { unprocessable } from '../tax-rules.js';
import { type Body, bodyOf, filterId, idParam, obj, page, queryOf, refId, text } from './common.js';
import { checkPositionRate, checkVatNumber, documentTax } from './document-tax.js';

function dateOf(value: unknown, field: string, required: boolean): string | null {
  if (value === null || value === undefined) {
    if (required) throw unprocessable(`${field} is required`);
    return null;
  }
  const d = parseSevdeskDate(value);
  if (d === null) throw new SevdeskApiError(400, `${field} is not a valid date`);
  return d;
}

/** Invoices (notes §4): created as drafts, numbered when sent, cancelled by a cancellation invoice. */
export function invoiceRoutes(rc: RouteContext): void {
  const { state } = rc;

  const invoiceOf = (id: number): SdInvoice => {
    const i = state.invoices.get(id);
    if (!i) throw notFound('Invoice', id);
    return i;
  };

  documented(rc, 'POST', '/Invoice/Factory/saveInvoice', async (request, reply) => {
    const body = bodyOf(request);
    const inv = obj(body.invoice);
    if (inv.id !== undefined && inv.id !== null) {
      throw new SevdeskApiError(400, 'invoice.id: updating invoices through saveInvoice is not modelled by the sandbox');
    }
    const contactId = refId(inv.contact);
    if (contactId === null || !state.contacts.has(contactId)) throw notFound('Contact', contactId ?? '');
    if (refId(inv.contactPerson) !== SEV_USER.id) throw notFound('SevUser', refId(inv.contactPerson) ?? '');
    // Since Update 2.0 invoices are created as drafts only (notes §4.1, sevdesk blog 2024-04-04).
    if (String(inv.status) !== '100') throw unprocessable('invoice.status Invoices can only be created with status DRAFT (100)');
    if (inv.invoiceType !== 'RE') throw unprocessable(`invoice.invoiceType ${String(inv.invoiceType)} is not modelled by the sandbox (only RE)`);
    const countryId = refId(inv.addressCountry);
    if (!STATIC_COUNTRIES.some((c) => c.id === countryId)) throw notFound('StaticCountry', countryId ?? '');
    const tax = documentTax(state, inv, 'invoice', 'invoice');
    const positions = Array.isArray(body.invoicePosSave) ? body.invoicePosSave.map(obj) : [];
    if (positions.length === 0) throw unprocessable('invoicePosSave The given document must have at least one position');
    const smallSettlement = inv.smallSettlement === true;
    const inputs: (PositionInput & { p: Body })[] = positions.map((p, i) => {
      const where = `invoicePosSave.${i}`;
      if (!UNITIES.has(refId(p.unity) ?? 0)) throw notFound('Unity', refId(p.unity) ?? '');
      const rate = Number(p.taxRate);
      checkPositionRate(tax, rate, `${where}.taxRate`);
      if (smallSettlement && rate !== 0) throw unprocessable(`${where}.taxRate must be 0 with smallSettlement (§ 19 UStG)`);
      const quantity = decimalOf(p.quantity);
      const price = decimalOf(p.price);
      if (quantity === null) throw unprocessable(`${where}.quantity is required`);
      if (price === null) throw unprocessable(`${where}.price is required`);
      return { quantity, price, discount: decimalOf(p.discount), taxRate: rate, p };
    });
    checkVatNumber(state, tax, contactId, 'contact');
    const showNet = inv.showNet !== false;
    const sums = documentSums(inputs, showNet);
    const at = nowIso();
    const invoice: SdInvoice = {
      id: state.nextId(),
      invoiceNumber: null,
      invoiceType: 'RE',
      status: 100,
      contactId,
      contactPersonId: SEV_USER.id,
      invoiceDate: dateOf(inv.invoiceDate, 'invoice.invoiceDate', true)!,
      deliveryDate: dateOf(inv.deliveryDate, 'invoice.deliveryDate', false),
      deliveryDateUntil: dateOf(inv.deliveryDateUntil, 'invoice.deliveryDateUntil', false),
      header: text(inv.header),
      headText: text(inv.headText),
      footText: text(inv.footText),
      timeToPay: typeof inv.timeToPay === 'number' ? inv.timeToPay : null,
      address: text(inv.address),
      addressCountryId: countryId!,
      taxRuleId: tax.taxRuleId,
      taxType: tax.taxType,
      taxText: text(inv.taxText) ?? '',
      smallSettlement,
      currency: text(inv.currency) ?? 'EUR',
      showNet,
      customerInternalNote: text(inv.customerInternalNote),
      sendType: null,
      sendDate: null,
      enshrined: null,
      originId: null,
      cancelled: false,
      positions: inputs.map(
        (x, i): SdPosition => ({
          id: state.nextId(),
          name: text(x.p.name),
          text: text(x.p.text),
          quantity: x.quantity,
          price: x.price,
          discount: x.discount,
          taxRate: x.taxRate,
          unityId: refId(x.p.unity)!,
          positionNumber: typeof x.p.positionNumber === 'number' ? x.p.positionNumber : i,
          ...sums.positions[i]!,
        }),
      ),
      ...sums.totals,
      create: at,
      update: at,
    };
    state.invoices.set(invoice.id, invoice);
    return reply.code(201).send({ objects: { invoice: renderInvoice(invoice), invoicePos: renderInvoicePositions(invoice) } });
  });

  documented(rc, 'GET', '/Invoice', async (request) => {
    const q = queryOf(request);
    const contactId = filterId(q, 'contact');
    const rows = [...state.invoices.values()].filter(
      (i) =>
        (q.status === undefined || i.status === Number(q.status)) &&
        (q.invoiceNumber === undefined || i.invoiceNumber === q.invoiceNumber) &&
        (contactId === undefined || i.contactId === contactId) &&
        // Not in the spec's parameters, measured to filter exactly (notes §4.1). Unknown filters are ignored.
        (q.customerInternalNote === undefined || i.customerInternalNote === q.customerInternalNote),
    );
    return page(rows.map(renderInvoice), q);
  });

  documented(rc, 'GET', '/Invoice/{invoiceId}', async (request) => ({ objects: [renderInvoice(invoiceOf(idParam(request, 'invoiceId')))] }));

  documented(rc, 'GET', '/Invoice/{invoiceId}/getPositions', async (request) => {
    const i = invoiceOf(idParam(request, 'invoiceId'));
    return page(renderInvoicePositions(i), queryOf(request));
  });

  const markSent = (i: SdInvoice, sendType: string) => {
    if (i.invoiceNumber === null) i.invoiceNumber = state.nextInvoiceNumber();
    if (i.header === null) i.header = `Rechnung Nr. ${i.invoiceNumber}`;
    // sendBy moves 100 → 200, numbers and (measured) enshrines the invoice (notes §4.3).
    if (i.status === 100) i.status = 200;
    i.sendType = sendType;
    i.sendDate = nowIso();
    i.enshrined ??= i.sendDate;
    i.update = i.sendDate;
  };

  documented(rc, 'PUT', '/Invoice/{invoiceId}/sendBy', async (request) => {
    const i = invoiceOf(idParam(request, 'invoiceId'));
    const body = bodyOf(request);
    if (body.sendDraft !== true) markSent(i, String(body.sendType));
    return { objects: renderInvoice(i) };
  });

  documented(rc, 'POST', '/Invoice/{invoiceId}/sendViaEmail', async (request, reply) => {
    const i = invoiceOf(idParam(request, 'invoiceId'));
    const body = bodyOf(request);
    const toEmail = String(body.toEmail);
    if (!/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(toEmail)) throw new SevdeskApiError(400, `toEmail ${toEmail} is not a valid e-mail address`);
    if (i.cancelled) throw unprocessable('Cancelled invoices can not be sent', 421);
    markSent(i, 'VM');
    state.emails.push({ invoiceId: i.id, toEmail, subject: String(body.subject), text: String(body.text) });
    return reply.code(201).send({
      objects: { id: String(state.nextId()), objectName: 'Email', object: { id: String(i.id), objectName: 'Invoice' }, to: toEmail, subject: body.subject, text: body.text, sendDate: i.sendDate },
    });
  });

  documented(rc, 'POST', '/Invoice/{invoiceId}/cancelInvoice', async (request, reply) => {
    const original = invoiceOf(idParam(request, 'invoiceId'));
    if (original.invoiceType === 'SR') throw unprocessable('A cancellation invoice can not be cancelled');
    if (original.cancelled) throw unprocessable('Invoice has already been cancelled', 421);
    if ([...state.creditNotes.values()].some((c) => c.refSrcInvoiceId === original.id)) {
      throw unprocessable('A credit note exists for this invoice, it can not be cancelled', 170);
    }
    // UNCERTAIN: the answer for drafts is not documented; sevdesk deletes drafts rather than cancelling them.
    if (original.status === 100) throw unprocessable('Invoices in status DRAFT (100) can not be cancelled; delete the draft instead');
    if (original.status === 750 || original.status === 1000) {
      // Measured for partially paid invoices: refused inside HTTP 200 (notes §2.2); UNCERTAIN for paid ones.
      return reply.code(200).send(errorBody(200, 'Partially Paid Invoices can not be deleted at the moment, book a credit invoice manually', 390));
    }
    const at = nowIso();
    const number = state.nextInvoiceNumber();
    const sr: SdInvoice = {
      ...original,
      id: state.nextId(),
      invoiceNumber: number,
      invoiceType: 'SR',
      // The measured cancellation invoice is auto-settled (1000), sent as PDF and enshrined (notes §4.3).
      status: 1000,
      invoiceDate: today(),
      header: `Stornorechnung Nr. ${number} zu Rechnung Nr. ${original.invoiceNumber ?? original.id}`,
      customerInternalNote: null,
      sendType: 'VPDF',
      sendDate: at,
      enshrined: at,
      originId: original.id,
      cancelled: false,
      positions: original.positions.map((p) => ({
        ...p,
        id: state.nextId(),
        quantity: negateQuantity(p.quantity),
        sumNet: negate(p.sumNet),
        sumTax: negate(p.sumTax),
        sumGross: negate(p.sumGross),
      })),
      sumNet: negate(original.sumNet),
      sumTax: negate(original.sumTax),
      sumGross: negate(original.sumGross),
      create: at,
      update: at,
    };
    state.invoices.set(sr.id, sr);
    original.cancelled = true;
    original.update = at;
    return reply.code(201).send({ objects: renderInvoice(sr) });
  });
}
