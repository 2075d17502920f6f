import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Connector } from './contract.js';
import { InvalidManifestError, defineConnector, validateConnector } from './define.js';
import type { ConnectorManifest } from './manifest.js';

const notCalled = async (): Promise<never> => {
  throw new Error('not called in these tests');
};

function manifest(over: Record<string, unknown> = {}): ConnectorManifest<{ apiKey: string }, { baseUrl: string }> {
  return {
    id: 'example-tool',
    displayName: 'Example Tool',
    version: '1.0.0',
    auth: ['api_token'],
    capabilities: {
      invoices: true,
      invoiceFinalize: true,
      invoiceEmail: false,
      vouchers: true,
      voucherFiles: true,
      creditNotes: true,
      voucherCredits: true,
      customerUpdate: true,
      taxSituations: ['standard'],
    },
    rateLimit: { requestsPerSecond: 2, burst: 2 },
    credentialsSchema: z.object({ apiKey: z.string() }),
    optionsSchema: z.object({ baseUrl: z.string() }),
    ...over,
  } as ConnectorManifest<{ apiKey: string }, { baseUrl: string }>;
}

function connector(over: Record<string, unknown> = {}, manifestOver: Record<string, unknown> = {}): Connector<{ apiKey: string }, { baseUrl: string }> {
  return {
    manifest: manifest(manifestOver),
    testConnection: notCalled,
    upsertCustomer: notCalled,
    bookInvoice: notCalled,
    bookVoucher: notCalled,
    attachDocument: notCalled,
    credit: notCalled,
    findBooked: notCalled,
    ...over,
  } as Connector<{ apiKey: string }, { baseUrl: string }>;
}

/** The issues validateConnector reports, or [] when it accepts. */
function issuesOf(candidate: unknown): { path: string; message: string }[] {
  try {
    validateConnector(candidate);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidManifestError);
    return (e as InvalidManifestError).issues;
  }
}
const pathsOf = (candidate: unknown) => issuesOf(candidate).map((i) => i.path);

describe('validateConnector / defineConnector', () => {
  it('accepts a complete connector and defineConnector returns it unchanged', () => {
    const c = connector();
    expect(issuesOf(c)).toEqual([]);
    expect(defineConnector(c)).toBe(c);
  });

  it('names every missing operation', () => {
    const c = connector({ bookVoucher: undefined, findBooked: 'nope' });
    expect(issuesOf(c)).toEqual([
      { path: 'bookVoucher', message: 'operation must be a function' },
      { path: 'findBooked', message: 'operation must be a function' },
    ]);
    expect(() => defineConnector(c)).toThrow(/bookVoucher: operation must be a function; findBooked: operation must be a function/);
  });

  it('names a bad id and carries it as the connector id', () => {
    try {
      validateConnector(connector({}, { id: 'Lex Office' }));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidManifestError);
      const err = e as InvalidManifestError;
      expect(err.connectorId).toBe('Lex Office');
      expect(err.issues).toEqual([{ path: 'id', message: 'a lower-case id like "lexoffice"' }]);
      expect(err.message).toBe('Connector manifest "Lex Office" is invalid: id: a lower-case id like "lexoffice"');
      expect(err.name).toBe('InvalidManifestError');
    }
  });

  it('names an oauth2 connector without its oauth spec', () => {
    expect(issuesOf(connector({}, { auth: ['oauth2', 'api_token'] }))).toEqual([
      { path: 'oauth', message: 'an oauth2 connector needs its oauth spec' },
    ]);
    const oauth = {
      authorizeUrl: () => 'https://tool.example/authorize',
      tokenUrl: () => 'https://tool.example/token',
      scopes: [],
      pkce: true,
      clientAuth: 'basic',
      rotatingRefreshTokens: true,
    };
    expect(issuesOf(connector({}, { auth: ['oauth2'], oauth }))).toEqual([]);
  });

  it('names every problem at once: id, missing operations, oauth spec, schemas', () => {
    const c = connector(
      { testConnection: undefined, credit: undefined },
      { id: '1x', auth: ['oauth2'], credentialsSchema: { parse() {} }, optionsSchema: undefined },
    );
    expect(pathsOf(c)).toEqual(['id', 'credentialsSchema', 'optionsSchema', 'oauth', 'testConnection', 'credit']);
  });

  it('names bad manifest data at its path (version, auth kind, capabilities, rate limit, unknown keys)', () => {
    expect(pathsOf(connector({}, { version: 'v1' }))).toEqual(['version']);
    expect(pathsOf(connector({}, { auth: [] }))).toEqual(['auth']);
    expect(pathsOf(connector({}, { auth: ['password'] }))).toEqual(['auth.0']);
    expect(pathsOf(connector({}, { rateLimit: { requestsPerSecond: 0, burst: 1 } }))).toEqual(['rateLimit.requestsPerSecond']);
    expect(pathsOf(connector({}, { capabilities: { ...manifest().capabilities, vouchers: 'yes' } }))).toEqual(['capabilities.vouchers']);
    expect(pathsOf(connector({}, { capabilities: { ...manifest().capabilities, taxSituations: [] } }))).toEqual([
      'capabilities.taxSituations',
    ]);
    expect(pathsOf(connector({}, { homepage: 'https://tool.example' }))).toEqual(['(root)']);
  });

  it('reports a missing manifest and non-objects instead of crashing', () => {
    expect(issuesOf({})).toEqual([{ path: 'manifest', message: 'missing' }]);
    expect(issuesOf(undefined)).toEqual([{ path: 'manifest', message: 'missing' }]);
    expect(issuesOf(null)).toEqual([{ path: 'manifest', message: 'missing' }]);
    try {
      validateConnector({});
    } catch (e) {
      expect((e as InvalidManifestError).connectorId).toBe('(unknown)');
    }
  });

  it('reports a malformed auth field (not an array) as an issue, not a TypeError', () => {
    expect(pathsOf(connector({}, { auth: 5 }))).toContain('auth');
    expect(pathsOf(connector({}, { auth: 'oauth2' }))).toContain('auth');
  });
});
