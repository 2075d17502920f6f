import { describe, expect, it } from 'vitest';
import { berlinDateTime, berlinUnixSeconds, germanDate } from './dates.js';
import { fieldOfMessage, sevdeskError } from './errors.js';

describe('sevdesk error bodies', () => {
  it('reads the field a message starts with', () => {
    expect(fieldOfMessage('invoicePosSave.1.taxRate The tax rate 5 is not allowed')).toBe('invoicePosSave.1.taxRate');
    expect(fieldOfMessage("invoice expected array with 'id' and 'objectName'. array given")).toBe('invoice');
    expect(fieldOfMessage('contact[id] must be of type integer')).toBe('contact.id');
    expect(fieldOfMessage('')).toBeUndefined();
  });

  it('finds an error in any body, also a successful one, and none in data', () => {
    expect(sevdeskError({ objects: null, error: { message: 'x', code: 390 } })).toMatchObject({ code: 390 });
    expect(sevdeskError({ objects: { id: '1' } })).toBeUndefined();
    expect(sevdeskError({ objects: [], error: null })).toBeUndefined();
  });
});

describe('dates as sevdesk types them', () => {
  it('writes invoice dates German, date-times at Berlin midnight, timestamps in seconds', () => {
    expect(germanDate('2021-01-27')).toBe('27.01.2021');
    expect(berlinDateTime('2021-01-27')).toBe('2021-01-27T00:00:00+01:00');
    expect(berlinDateTime('2021-07-01')).toBe('2021-07-01T00:00:00+02:00');
    expect(berlinUnixSeconds('2021-03-12')).toBe(Date.UTC(2021, 2, 11, 23) / 1000);
  });
});
