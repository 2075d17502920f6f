import { describe, expect, it } from 'vitest';
import { cancellation } from '../model/cancellation.js';
import { type Invoice, invoice } from '../model/invoice.js';
import { computeTotals } from '../tax/column-method.js';
import { groupBookkeepingItems } from '../tax/grouping.js';
import { seedCancellations, seedCustomers, seedExpectations, seedInvoiceInputs, seedInvoices } from './index.js';

const totalsOf = (inv: Invoice) => computeTotals(inv.taxMode, inv.lines);

/** The cancellation document lists every line of the original with the unit price negated (RE21-01041). */
function reversedLines(inv: Invoice): Invoice['lines'] {
  return inv.lines.map((l) => ({ ...l, unitPrice: l.unitPrice.startsWith('-') ? l.unitPrice.slice(1) : `-${l.unitPrice}` }));
}

describe('the worked examples of the SEMCO guide, to the cent', () => {
  it('parses every seed invoice, customer and cancellation through the public schemas', () => {
    for (const [key, input] of Object.entries(seedInvoiceInputs)) {
      const result = invoice.safeParse(input);
      expect(result.success, `seed invoice ${key}`).toBe(true);
    }
    expect(Object.keys(seedCustomers).sort()).toEqual(['bettinaWolf', 'boerseGmbH', 'iLearn', 'jannikHuber', 'jodelUndSoehne']);
    expect(cancellation.safeParse(seedCancellations.iLearn).success).toBe(true);
    expect(cancellation.safeParse(seedCancellations.jodelUndSoehne).success).toBe(true);
  });

  it('every seed invoice comes out at the totals the guide prints', () => {
    for (const key of Object.keys(seedExpectations) as (keyof typeof seedExpectations)[]) {
      const t = totalsOf(seedInvoices[key]);
      const want = seedExpectations[key];
      expect({ key, totalNet: t.totalNet, totalTax: t.totalTax, totalGross: t.totalGross }).toEqual({
        key,
        totalNet: want.totalNet,
        totalTax: want.totalTax,
        totalGross: want.totalGross,
      });
    }
  });

  it('Jannik Huber: 1,800.00 at 19 % and a -180.00 discount at 0 % give net 1,620.00, tax 342.00, gross 1,962.00', () => {
    const t = totalsOf(seedInvoices.jannikHuber);
    expect(t.lines.map((l) => [l.taxRate, l.amount])).toEqual([
      [19, '1800.00'],
      [0, '-180.00'],
    ]);
    expect(t.rates).toEqual([
      { taxRate: 0, net: '-180.00', tax: '0.00', gross: '-180.00' },
      { taxRate: 19, net: '1800.00', tax: '342.00', gross: '2142.00' },
    ]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['1620.00', '342.00', '1962.00']);
  });

  it('Jodel und Söhne: two participants at 1,800.00 / 19 % give tax 684.00 and gross 4,284.00', () => {
    const t = totalsOf(seedInvoices.jodelUndSoehne);
    expect(t.rates).toEqual([{ taxRate: 19, net: '3600.00', tax: '684.00', gross: '4284.00' }]);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['3600.00', '684.00', '4284.00']);
  });

  it('Bettina Wolf: 19 % tax 342.00 and 7 % tax 3.50 give 2,195.50', () => {
    const t = totalsOf(seedInvoices.bettinaWolf);
    expect(t.rates).toEqual(seedExpectations.bettinaWolf.rates);
    expect(t.rates.map((r) => r.tax)).toEqual(['3.50', '342.00']);
    expect(t.totalGross).toBe('2195.50');
    expect(groupBookkeepingItems(t)).toEqual([
      { taxRate: 7, category: 'revenue', net: '50.00', tax: '3.50', gross: '53.50' },
      { taxRate: 19, category: 'revenue', net: '1800.00', tax: '342.00', gross: '2142.00' },
    ]);
  });

  it('I-Learn: 1,539.00 + 56.00 tax, 10,495.00 gross, booked as items 8,100.00 @ 19 % and 800.00 @ 7 %', () => {
    const t = totalsOf(seedInvoices.iLearn);
    expect(t.lines.map((l) => l.amount)).toEqual(['7500.00', '800.00', '600.00']);
    expect(t.rates).toEqual(seedExpectations.iLearn.rates);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['8900.00', '1595.00', '10495.00']);
    expect(groupBookkeepingItems(t)).toEqual(seedExpectations.iLearn.items);
  });

  it('the cancellation of I-Learn (RE21-01041) reverses the same items: -8,100.00 @ 19 %, -800.00 @ 7 %, -10,495.00', () => {
    const original = seedInvoices.iLearn;
    const t = computeTotals(original.taxMode, reversedLines(original));
    expect(t.lines.map((l) => l.amount)).toEqual(['-7500.00', '-800.00', '-600.00']);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['-8900.00', '-1595.00', '-10495.00']);
    expect(t.rates.map((r) => [r.taxRate, r.tax])).toEqual([
      [7, '-56.00'],
      [19, '-1539.00'],
    ]);
    const items = groupBookkeepingItems(t);
    const negate = (m: string) => (m.startsWith('-') ? m.slice(1) : `-${m}`);
    expect(items).toEqual(
      seedExpectations.iLearn.items.map((i) => ({ ...i, net: negate(i.net), tax: negate(i.tax), gross: negate(i.gross) })),
    );
    // The income-reduction voucher carries the original's amounts with the sign turned round.
    expect(items.map((i) => [i.taxRate, negate(i.net)])).toEqual([
      [7, '800.00'],
      [19, '8100.00'],
    ]);
    expect(seedCancellations.iLearn.number).toBe('RE21-01041');
    expect(seedCancellations.iLearn.document?.contentType).toBe('application/pdf');
  });

  it('a cancellation is not an invoice: the same lines as an invoice are refused for their negative total', () => {
    const original = seedInvoiceInputs.iLearn;
    const negated = {
      ...original,
      lines: original.lines.map((l) => ({ ...l, unitPrice: -l.unitPrice })),
    };
    const result = invoice.safeParse(negated);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['lines']]);
    expect(result.error?.issues[0]?.message).toContain('-10495.00');
  });

  it('Börse GmbH (the inbox example) keeps the invalid 8-digit VAT id for the tool to refuse', () => {
    expect(seedCustomers.boerseGmbH.vatId).toBe('DE28407065');
    const t = totalsOf(seedInvoices.boerseGmbH);
    expect([t.totalNet, t.totalTax, t.totalGross]).toEqual(['350.00', '66.50', '416.50']);
  });
});
