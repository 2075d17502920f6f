import { renderDate } from './dates.js';
import type { SdAddress, SdCommunicationWay, SdContact, SdCreditNote, SdInvoice, SdPosition, SdVoucher, SdVoucherPos } from './state.js';
import { SEV_USER } from './static-data.js';

/**
 * Answers in sevdesk's loose types (notes §1.3): ids, statuses and sums as strings, booleans as "0"/"1" in some
 * places, references as `{id, objectName}` with a string id.
 */
const s = (v: number | string | null | undefined): string | null => (v === null || v === undefined ? null : String(v));
const ref = (objectName: string, id: number | null | undefined) => (id === null || id === undefined ? null : { id: String(id), objectName });
const sevClient = { id: String(SEV_USER.sevClientId), objectName: 'SevClient' };

export function renderContact(c: SdContact) {
  return {
    id: String(c.id),
    objectName: 'Contact',
    additionalInformation: null,
    create: c.create,
    update: c.update,
    name: c.name,
    status: String(c.status),
    customerNumber: c.customerNumber,
    parent: ref('Contact', c.parentId),
    surename: c.surename,
    familyname: c.familyname,
    titel: null,
    category: ref('Category', c.categoryId),
    description: null,
    academicTitle: null,
    gender: c.gender,
    sevClient,
    name2: null,
    birthday: null,
    vatNumber: c.vatNumber,
    bankAccount: null,
    bankNumber: null,
    defaultCashbackTime: null,
    defaultCashbackPercent: null,
    defaultTimeToPay: null,
    taxNumber: c.taxNumber,
    taxOffice: null,
    exemptVat: '0',
    defaultDiscountAmount: null,
    defaultDiscountPercentage: '0',
    buyerReference: null,
    governmentAgency: '0',
  };
}

export function renderAddress(a: SdAddress) {
  return {
    id: String(a.id),
    objectName: 'ContactAddress',
    create: a.create,
    update: a.update,
    contact: ref('Contact', a.contactId),
    street: a.street,
    zip: a.zip,
    city: a.city,
    country: ref('StaticCountry', a.countryId),
    category: ref('Category', a.categoryId),
    name: a.name,
    sevClient,
    name2: a.name2,
    name3: null,
    name4: null,
  };
}

export function renderCommunicationWay(w: SdCommunicationWay) {
  return {
    id: String(w.id),
    objectName: 'CommunicationWay',
    create: w.create,
    update: w.update,
    contact: ref('Contact', w.contactId),
    type: w.type,
    value: w.value,
    key: ref('CommunicationWayKey', w.keyId),
    main: w.main ? '1' : '0',
    sevClient,
  };
}

function renderPosition(p: SdPosition, objectName: 'InvoicePos' | 'CreditNotePos', parent: { objectName: string; id: number }) {
  return {
    id: String(p.id),
    objectName,
    [objectName === 'InvoicePos' ? 'invoice' : 'creditNote']: ref(parent.objectName, parent.id),
    part: null,
    // A quantity of 1 has come back as JSON `true` (notes §1.3); the sandbox keeps to strings.
    quantity: p.quantity,
    price: p.price,
    name: p.name,
    unity: ref('Unity', p.unityId),
    sevClient,
    positionNumber: String(p.positionNumber),
    text: p.text,
    discount: p.discount,
    taxRate: Number(p.taxRate).toFixed(2),
    sumNet: p.sumNet,
    sumTax: p.sumTax,
    sumGross: p.sumGross,
    priceNet: p.price,
    priceGross: null,
    priceTax: null,
  };
}

export function renderInvoice(i: SdInvoice) {
  return {
    id: String(i.id),
    objectName: 'Invoice',
    invoiceNumber: i.invoiceNumber,
    contact: ref('Contact', i.contactId),
    create: i.create,
    update: i.update,
    sevClient,
    invoiceDate: renderDate(i.invoiceDate),
    header: i.header,
    headText: i.headText,
    footText: i.footText,
    timeToPay: s(i.timeToPay),
    discount: '0',
    address: i.address,
    addressCountry: ref('StaticCountry', i.addressCountryId),
    payDate: null,
    deliveryDate: renderDate(i.deliveryDate),
    deliveryDateUntil: renderDate(i.deliveryDateUntil),
    status: String(i.status),
    smallSettlement: i.smallSettlement ? '1' : '0',
    contactPerson: ref('SevUser', i.contactPersonId),
    taxRate: '0',
    taxRule: ref('TaxRule', i.taxRuleId),
    taxText: i.taxText,
    // Documents created under Update 2.0 come back with a tax rule and no tax type (notes §1.5).
    taxType: i.taxType,
    sendDate: i.sendDate,
    invoiceType: i.invoiceType,
    currency: i.currency,
    sumNet: i.sumNet,
    sumTax: i.sumTax,
    sumGross: i.sumGross,
    sumDiscounts: '0',
    paidAmount: i.status === 1000 ? Number(i.sumGross) : 0,
    showNet: i.showNet ? '1' : '0',
    enshrined: i.enshrined,
    sendType: i.sendType,
    origin: ref('Invoice', i.originId),
    customerInternalNote: i.customerInternalNote,
  };
}

export function renderInvoicePositions(i: SdInvoice) {
  return i.positions.map((p) => renderPosition(p, 'InvoicePos', { objectName: 'Invoice', id: i.id }));
}

export function renderCreditNote(c: SdCreditNote) {
  return {
    id: String(c.id),
    objectName: 'CreditNote',
    creditNoteNumber: c.creditNoteNumber,
    contact: ref('Contact', c.contactId),
    create: c.create,
    update: c.update,
    sevClient,
    creditNoteDate: renderDate(c.creditNoteDate),
    status: String(c.status),
    header: c.header,
    headText: c.headText,
    footText: c.footText,
    deliveryDate: renderDate(c.deliveryDate),
    contactPerson: ref('SevUser', c.contactPersonId),
    taxRate: '0',
    taxRule: ref('TaxRule', c.taxRuleId),
    taxText: c.taxText,
    taxType: c.taxType,
    currency: c.currency,
    sumNet: c.sumNet,
    sumTax: c.sumTax,
    sumGross: c.sumGross,
    showNet: c.showNet ? '1' : '0',
    sendType: c.sendType,
    enshrined: c.enshrined,
    customerInternalNote: c.customerInternalNote,
    bookingCategory: c.bookingCategory,
    refSrcInvoice: ref('Invoice', c.refSrcInvoiceId),
    creditNoteType: 'CN',
  };
}

export function renderCreditNotePositions(c: SdCreditNote) {
  return c.positions.map((p) => renderPosition(p, 'CreditNotePos', { objectName: 'CreditNote', id: c.id }));
}

export function renderVoucher(v: SdVoucher) {
  return {
    id: String(v.id),
    objectName: 'Voucher',
    mapAll: true,
    create: v.create,
    update: v.update,
    sevClient,
    createUser: ref('SevUser', SEV_USER.id),
    voucherDate: renderDate(v.voucherDate),
    supplier: ref('Contact', v.supplierId),
    supplierName: v.supplierName,
    description: v.description,
    document: v.files.length > 0 ? { id: String(v.id + 7), objectName: 'Document' } : null,
    payDate: null,
    status: String(v.status),
    sumNet: v.sumNet,
    sumTax: v.sumTax,
    sumGross: v.sumGross,
    paidAmount: 0,
    taxRule: ref('TaxRule', v.taxRuleId),
    taxType: v.taxType,
    creditDebit: v.creditDebit,
    voucherType: v.voucherType,
    currency: v.currency,
    paymentDeadline: renderDate(v.paymentDeadline),
    deliveryDate: renderDate(v.deliveryDate),
    deliveryDateUntil: renderDate(v.deliveryDateUntil),
  };
}

export function renderVoucherPos(v: SdVoucher, p: SdVoucherPos) {
  return {
    id: String(p.id),
    objectName: 'VoucherPos',
    create: v.create,
    update: v.update,
    sevClient,
    voucher: ref('Voucher', v.id),
    accountDatev: ref('AccountDatev', p.accountDatevId),
    accountingType: ref('AccountingType', p.accountingTypeId),
    taxRate: p.taxRate.toFixed(2),
    net: p.net,
    isAsset: false,
    sumNet: p.sumNet,
    sumTax: p.sumTax,
    sumGross: p.sumGross,
    comment: p.comment,
  };
}
