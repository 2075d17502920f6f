import type { JsonSchema, OpenApiDocument } from './spec-types.js';

/**
 * Where sevdesk's OpenAPI description contradicts what sevdesk measurably does, the sandbox follows the
 * measurement and says so here (research notes pitfall 17: "spec required-lists are sloppy"). Everything else in
 * the description is enforced as written. Each entry names its source; the rules it takes out of the schema
 * (tax rule vs. tax type, booking account per bookkeeping system) are enforced by the sandbox's routes instead.
 */
export interface Erratum {
  schema: string;
  change: string;
  source: string;
  apply(schema: JsonSchema): void;
}

function replaceRequired(from: string, to: string | null) {
  return (schema: JsonSchema) => {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    schema.required = required.flatMap((r) => (r === from ? (to === null ? [] : [to]) : [r]));
  };
}

function dropRequired(...names: string[]) {
  return (schema: JsonSchema) => {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    schema.required = required.filter((r) => !names.includes(r));
  };
}

export const ERRATA: readonly Erratum[] = [
  {
    schema: 'saveInvoice',
    change: 'requires invoicePosSave, not the nonexistent invoicePos',
    source: 'notes §4.1: "The spec\'s required: [invoice, invoicePos] is a typo (invoicePosSave is the real key)"',
    apply: replaceRequired('invoicePos', 'invoicePosSave'),
  },
  {
    schema: 'saveVoucher',
    change: 'requires voucherPosSave, not the nonexistent voucherPos',
    source: 'notes §6.2 (the same typo as saveInvoice; every measured payload sends voucherPosSave)',
    apply: replaceRequired('voucherPos', 'voucherPosSave'),
  },
  {
    schema: 'saveCreditNote',
    change: 'requires creditNotePosSave, not the nonexistent creditNotePos',
    source: 'notes §5 (the same typo)',
    apply: replaceRequired('creditNotePos', 'creditNotePosSave'),
  },
  {
    schema: 'Model_creditNote',
    change: 'does not require invoiceType, which a credit note does not have',
    source: 'notes pitfall 17',
    apply: dropRequired('invoiceType'),
  },
  {
    schema: 'Model_Invoice',
    change: 'requires taxRule on Update 2.0 and taxType on 1.0 (checked by the route), not both',
    source: 'notes §1.5 and §4.1: "taxType can be omitted/null in 2.0 (measured payload has none)"',
    apply: dropRequired('taxRule', 'taxType'),
  },
  {
    schema: 'Model_Voucher',
    change: 'requires taxRule on Update 2.0 and taxType on 1.0 (checked by the route), not both',
    source: 'notes §6.2: 2.0 payloads send taxRule only; 1.0 accounts use taxType',
    apply: dropRequired('taxRule', 'taxType'),
  },
  {
    schema: 'Model_creditNote',
    change: 'requires taxRule on Update 2.0 and taxType on 1.0, not both',
    source: 'notes §1.5',
    apply: dropRequired('taxRule', 'taxType'),
  },
  {
    schema: 'Model_VoucherPos',
    change: 'requires accountDatev on Update 2.0 and accountingType on 1.0 (checked by the route), not both',
    source: 'notes §6.2 and pitfall 17: "2.0 clients send only accountDatev successfully"',
    apply: dropRequired('accountDatev', 'accountingType'),
  },
];

export function applyErrata(doc: OpenApiDocument): void {
  for (const e of ERRATA) {
    const schema = doc.components.schemas[e.schema];
    if (!schema) throw new Error(`sevdesk OpenAPI erratum for ${e.schema}: no such schema in the description`);
    e.apply(schema);
  }
}
