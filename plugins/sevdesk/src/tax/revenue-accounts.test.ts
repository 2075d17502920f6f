import { describe, expect, it } from 'vitest';
import { receiptGuide, resolveAccountingType, resolveRevenueAccounts } from './revenue-accounts.js';

const guide = (id: number, rules: Record<number, string[]>, types = ['REVENUE']) =>
  receiptGuide.parse({
    accountDatevId: id,
    accountNumber: String(id),
    accountName: `account ${id}`,
    allowedTaxRules: Object.entries(rules).map(([rule, taxRates]) => ({ id: Number(rule), name: `rule ${rule}`, taxRates })),
    allowedReceiptTypes: types,
  });

describe('revenue accounts from the receipt guidance', () => {
  const guides = [
    guide(10, { 1: ['NINETEEN'] }),
    guide(20, { 1: ['ZERO', 'SEVEN', 'NINETEEN'], 11: ['ZERO'] }),
    guide(30, { 1: ['ZERO', 'SEVEN', 'NINETEEN', 'FIVE'] }, ['EXPENSE']),
    guide(40, { 17: ['ZERO'] }),
  ];

  it('prefers the revenue account that allows the most rates of the rule, and skips expense accounts', () => {
    const accounts = resolveRevenueAccounts(guides);
    expect(accounts['1']).toEqual({ id: '20', number: '20', name: 'account 20', rates: [0, 7, 19] });
    expect(accounts['11']?.id).toBe('20');
    expect(accounts['17']?.id).toBe('40');
    expect(accounts['5']).toBeUndefined();
  });

  it('lets an override win where the guidance allows it', () => {
    expect(resolveRevenueAccounts(guides, '10')['1']?.id).toBe('10');
    expect(resolveRevenueAccounts(guides, '10')['17']?.id).toBe('40');
    expect(resolveRevenueAccounts(guides, '77')['17']?.id).toBe('77');
  });

  it('finds "Erlöse" among the 1.0 accounting types, else 26', () => {
    expect(resolveAccountingType([{ id: '5', name: 'Bürobedarf' }, { id: '12', name: 'Erlöse' }])).toBe('12');
    expect(resolveAccountingType([])).toBe('26');
    expect(resolveAccountingType([], '99')).toBe('99');
  });
});
