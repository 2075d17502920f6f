import { conformanceChecks } from '@accounting-hub/connector-testkit';
import { type BookkeepingItem, type Connector, ConnectorError, Dec, transientError } from '@accounting-hub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connector } from './connector.js';
import type { ReferenceCredentials, ReferenceOptions } from './manifest.js';
import { type ReferenceSandbox, createReferenceSandbox } from './sandbox/index.js';

type RefConnector = Connector<ReferenceCredentials, ReferenceOptions>;

/** Moves all tax onto the last item: every item still adds up, the totals stay right, only the rates are wrong. */
function taxOnLastItem(items: BookkeepingItem[]): BookkeepingItem[] {
  const tax = items.reduce((acc, i) => acc.plus(i.tax), new Dec(0));
  return items.map((i, k) => {
    const t = k === items.length - 1 ? tax : new Dec(0);
    return { ...i, tax: t.toFixed(2), gross: new Dec(i.net).plus(t).toFixed(2) };
  });
}

/**
 * The reference connector with one plausible defect each. The suite must catch every one, in the checks named:
 * evidence that passing it means something.
 */
const mutants: { defect: string; connector: RefConnector; caughtBy: RegExp }[] = [
  {
    defect: 'findBooked never finds anything',
    connector: { ...connector, findBooked: async () => ({ document: null }) },
    caughtBy: /settled by findBooked|credit note linked|income-reduction voucher/,
  },
  {
    defect: 'bookVoucher repeats a create that answered 504',
    connector: {
      ...connector,
      bookVoucher: async (ctx, input) => {
        try {
          return await connector.bookVoucher(ctx, input);
        } catch (e) {
          if (e instanceof ConnectorError && e.kind === 'uncertain') return connector.bookVoucher(ctx, input);
          throw e;
        }
      },
    },
    caughtBy: /^voucher: a create answered 504/,
  },
  {
    defect: 'voucher tax booked on the wrong rate (totals still right)',
    connector: { ...connector, bookVoucher: (ctx, input) => connector.bookVoucher(ctx, { ...input, items: taxOnLastItem(input.items) }) },
    // The seeds with tax on more than one rate (Jannik Huber's second rate is 0 %).
    caughtBy: /books (bettinaWolf|iLearn) as a voucher/,
  },
  {
    defect: 'every error reported as transient',
    connector: {
      ...connector,
      upsertCustomer: async (ctx, input) => {
        try {
          return await connector.upsertCustomer(ctx, input);
        } catch (e) {
          throw e instanceof ConnectorError ? transientError(e.message) : e;
        }
      },
    },
    caughtBy: /keeps answering 429|a 401 in the middle|validation error/,
  },
  {
    defect: 'upsertCustomer ignores the stored link and creates again',
    connector: { ...connector, upsertCustomer: (ctx, input) => connector.upsertCustomer(ctx, { ...input, remote: null, customer: { ...input.customer, ref: `${input.customer.ref}-x${Math.random().toString(36).slice(2, 6)}` } }) },
    caughtBy: /updates a linked customer|unchanged linked customer/,
  },
  {
    defect: 'testConnection never asks the tool',
    connector: { ...connector, testConnection: async () => ({ account: { id: 'acc', name: 'Fake' } }) },
    caughtBy: /asks the tool|bad credentials|goes through ctx.http/,
  },
  {
    defect: 'vouchers booked without the file',
    connector: { ...connector, attachDocument: async () => ({ fileId: 'not-uploaded' }) },
    // Only the seeds that come with a document.
    caughtBy: /books (bettinaWolf|iLearn) as a voucher|carrying the cancellation document/,
  },
];

describe('the conformance suite catches defects in an otherwise conforming connector', () => {
  let sandbox: ReferenceSandbox;
  beforeAll(async () => {
    sandbox = await createReferenceSandbox();
  });
  afterAll(() => sandbox.close());

  it.each(mutants)('$defect', async ({ connector: mutant, caughtBy }) => {
    const suite = conformanceChecks({
      connector: mutant,
      sandbox: async () => ({
        auth: { kind: 'api_token', credentials: { apiKey: sandbox.apiKey } },
        badAuth: { kind: 'api_token', credentials: { apiKey: 'ref_not-the-key-0000' } },
        options: { baseUrl: sandbox.url },
        control: sandbox.control,
      }),
    });
    await suite.setup();
    const failed: string[] = [];
    for (const check of suite.checks.filter((c) => caughtBy.test(c.name))) {
      await suite.beforeEach();
      await check.run().catch(() => failed.push(check.name));
    }
    await suite.teardown();
    const targeted = suite.checks.filter((c) => caughtBy.test(c.name)).map((c) => c.name);
    expect(targeted.length).toBeGreaterThan(0);
    expect(failed).toEqual(targeted);
  });
});
