/**
 * Property-based fuzzing of every write route (issue 7, "proof under load and faults").
 *
 * Each route starts from a valid request and one arbitrary breaks it in one way: a required field dropped, a
 * value of the wrong JSON type, a same-typed but invalid value (NaN-like amounts, non-calendar dates, unknown
 * enum words, broken base64, a PDF that is none), a string over its limit or over a megabyte, an unknown field,
 * deep nesting, an array where an object goes, invalid JSON, prototype poisoning, a wrong Content-Type, junk in
 * the path, a bad Idempotency-Key, a conflicting repeat, a missing or wrong token. For every case:
 *
 * - the answer is the 4xx the contract names for that fault (never a 5xx);
 * - a 400 for a fault in a field names that field (or one below it) in `error.details[*].path`;
 * - nothing is stored: tenants, customers, invoices, documents, connections, notifications, customer links,
 *   call log rows and queued sync jobs are byte-for-byte what they were before the request.
 *
 * The hub runs without workers (HUB_WORKERS=false), so nothing but the fuzzed requests touches the database.
 * Runs a fixed number of cases per route (FUZZ_RUNS scales them) and prints the total.
 */
import { createReferenceSandbox, type ReferenceSandbox } from '@accounting-hub/connector-reference';
import { samplePdfDocument } from '@accounting-hub/core/seeds';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_BODY_LIMIT } from './routes/invoices.js';
import { ADMIN_TOKEN, invoiceBody, startTestHub, type TestHub, type TestTenant } from '../testing/test-hub.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request the fuzzer sends and what the contract says it must answer. */
interface FuzzCase {
  /** Which kind of fault (for the failure message and the per-kind tally). */
  kind: string;
  method: Method;
  url: string;
  token: string | undefined;
  headers: Record<string, string>;
  /** The raw body; built lazily because some are many megabytes (and fast-check keeps every case it shrinks). */
  payload: (() => string) | undefined;
  /** Allowed answers. */
  expect: readonly number[];
  /** The faulty field: a 400 must name it, or a field below it, in error.details. */
  field?: string | undefined;
}

const JSON_TYPE = 'application/json';
const APP_BODY_LIMIT = 1024 * 1024;
/** More than a megabyte in one string (the app-wide body limit is exactly 1 MiB). */
const HUGE = 1024 * 1024 + 17;
const RUN_SCALE = Number(process.env.FUZZ_RUNS_SCALE ?? 1);
const KNOWN_CONNECTORS = ['lexoffice', 'sevdesk', 'reference'];

// ---------------------------------------------------------------------------------------------------------------
// Bodies: deep paths, setting and deleting values

const clone = <T>(value: T): T => structuredClone(value);

function segments(path: string): string[] {
  return path === '' ? [] : path.split('.');
}

function parentOf(root: Record<string, unknown>, path: string): [Record<string, unknown> | unknown[], string] {
  const parts = segments(path);
  const last = parts.pop();
  if (last === undefined) throw new Error('no parent of the root');
  let node: unknown = root;
  for (const p of parts) {
    const next = (node as Record<string, unknown>)[p];
    if (next === undefined || next === null || typeof next !== 'object') {
      (node as Record<string, unknown>)[p] = /^\d+$/.test(p) ? [] : {};
    }
    node = (node as Record<string, unknown>)[p];
  }
  return [node as Record<string, unknown>, last];
}

function setAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = clone(body);
  const [parent, key] = parentOf(copy, path);
  (parent as Record<string, unknown>)[key] = value;
  return copy;
}

function deleteAt(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = clone(body);
  const [parent, key] = parentOf(copy, path);
  delete (parent as Record<string, unknown>)[key];
  return copy;
}

/** A value nested `depth` levels deep (arrays or objects), with a leaf at the bottom. */
function nested(depth: number, shape: 'array' | 'object'): Json {
  let v: Json = 'leaf';
  for (let i = 0; i < depth; i++) v = shape === 'array' ? [v] : { a: v };
  return v;
}

// ---------------------------------------------------------------------------------------------------------------
// Fields: what a field accepts, and values it must refuse

type JsonType = 'string' | 'decimal' | 'number' | 'boolean' | 'object' | 'array' | 'nullableString';

interface FieldSpec {
  path: string;
  type: JsonType;
  /** Dropping it must be refused. */
  required?: boolean;
  /** Longest accepted string. */
  max?: number;
  /** Values of the right JSON type that must still be refused (formats, enums, ranges, dates). */
  invalid?: fc.Arbitrary<Json>;
  /** A refused value answers this instead of 400 (e.g. an unknown connector is 422). */
  invalidStatus?: readonly number[];
}

function acceptsType(type: JsonType, v: Json): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'nullableString':
      return typeof v === 'string' || v === null;
    case 'decimal':
      return typeof v === 'string' || typeof v === 'number';
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return v !== null && typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
const wrongTypeValue = (type: JsonType) =>
  fc.oneof(
    jsonValue.filter((v) => !acceptsType(type, v)),
    fc.constantFrom<Json>(null, true, false, 0, -1, 1.5, [], {}, [[]], [{}], '').filter((v) => !acceptsType(type, v)),
  );

const NAN_LIKE = [
  'NaN', 'nan', 'Infinity', '-Infinity', '+1', '1e3', '1E-2', '0x10', '0b1', '1,50', '1.000,00', '', ' ', '1.', '.5',
  '--1', '1.2.3', '١٢', '１２', 'null', 'undefined', 'true', '12abc', '1_000', '∞', '½', '1/2', '12 EUR', '€12',
];
/** Amounts that are no decimal, too precise or out of range. */
const badDecimal = (maxDecimals: number, max: string) =>
  fc.oneof(
    fc.constantFrom<Json>(...NAN_LIKE),
    fc.constantFrom<Json>(`1.${'1'.repeat(maxDecimals + 1)}`, 0.1 + 0.2, `${max}1`, Number(`${max}1`), `-${max}1`, 1e300, -1e300),
    fc.string({ maxLength: 12 }).filter((s) => !/^-?\d+(\.\d+)?$/.test(s.trim()) || s.trim() === ''),
  );

const isCalendarDate = (s: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const badDate: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    '2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024-1-1', '24-01-01', '2024/01/01', '01.03.2024',
    '2024-03-01T00:00:00Z', '2024-03-01 ', ' 2024-03-01', '', 'today', '0000-00-00', '+002024-03-01', '2024-03-1O', '٢٠٢٤-٠٣-٠١',
  ),
  fc.string({ maxLength: 12 }).filter((s) => !isCalendarDate(s)),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
    .filter((s) => !isCalendarDate(s)),
);

/**
 * Words no enum takes: random strings, and near misses (other case, padded). The near misses are filtered before
 * they become an arbitrary: a `.filter()` that refuses every value of a constant arbitrary never ends (`'EUR'`
 * upper-cased is still `'EUR'`).
 */
const badEnum = (allowed: readonly (string | number)[]) => {
  const variants = allowed.flatMap((a): Json[] => (typeof a === 'string' ? [a.toUpperCase(), a.toLowerCase(), ` ${a}`, `${a} `] : [a + 1, a + 0.5]));
  const nearMisses = [...new Set(variants)].filter((v) => !allowed.includes(v as string | number));
  return fc.oneof(fc.string({ maxLength: 12 }).filter((s) => !allowed.includes(s)), fc.constantFrom<Json>(...nearMisses));
};

/** Strings with a control character (refused by every free-text field). */
const controlChars = fc
  .tuple(fc.string({ maxLength: 5 }), fc.constantFrom('\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\u000b', '\u000c'), fc.string({ maxLength: 5 }))
  .map(([a, c, b]) => `x${a}${c}${b}`);

const badEmail = fc.constantFrom<Json>('not-an-email', 'a@', '@b.de', 'a b@c.de', 'a@b', 'a@@b.de', `${'x'.repeat(250)}@b.de`, 'a@b..de');
const badPhone = fc.oneof(fc.constantFrom<Json>('abc', '+49 30 x', '☎ 030', '030;1', '030#1', '0:30'), controlChars);
const badCountry = fc.constantFrom<Json>('de', 'DEU', 'D', '12', '', 'Deutschland', ' DE', 'D1');
const badRefText = fc.oneof(
  fc.constantFrom<Json>('', 'a b', 'ä', 'a/b', 'a#b', 'a?b', 'x'.repeat(101), '<script>', "'; drop table customer;--"),
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9._:@-]+$/.test(s)),
);
const blankText = fc.constantFrom<Json>('', ' ', '   ', '\n', '\t');

const BASE64_PDF = samplePdfDocument('x.pdf', 'x').contentBase64;
const badBase64: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>('', 'not base64!', 'abc', 'JVBERi0', '====', '=JVB', 'JVBE\nRi0x', 'JVBE Ri0x', 'JVBE-Ri0x', 'JVBE_Ri0x', `${BASE64_PDF}=`, `%PDF-1.4`),
  // Valid base64 of something that is no PDF, while contentType says PDF.
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((bytes) => Buffer.from(bytes).toString('base64')).filter((b) => !Buffer.from(b, 'base64').toString('latin1').startsWith('%PDF')),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0),
);
const badFilename = fc.oneof(blankText, fc.constantFrom<Json>('../x.pdf', 'a/b.pdf', 'a\\b.pdf', '/etc/passwd', 'x'.repeat(256)), controlChars);
const badContentType = badEnum(['application/pdf', 'image/png', 'image/jpeg', 'application/xml', 'text/xml']);

// ---------------------------------------------------------------------------------------------------------------
// Routes

interface Ctx {
  hub: TestHub;
  reference: ReferenceSandbox;
  /** Owns everything below. */
  a: TestTenant;
  /** Has no connection and no connector. */
  b: TestTenant;
  bookedInvoiceId: string;
  pendingInvoiceId: string;
  bookedNumber: string;
  idempotencyKey: string;
  customerRef: string;
  openNotificationId: string;
  resolvedNotificationId: string;
}

interface RouteSpec {
  name: string;
  method: Method;
  url: (c: Ctx) => string;
  token: (c: Ctx) => string;
  /** Tenant routes refuse the admin token (403); the admin route refuses tenant keys. */
  access: 'admin' | 'tenant';
  bodyLimit: number;
  /** The valid body every body fault starts from; undefined for routes without a body. */
  body?: (c: Ctx) => Record<string, unknown>;
  headers?: (c: Ctx) => Record<string, string>;
  fields?: FieldSpec[];
  /** Paths of the (strict) objects in the body that must refuse unknown fields ('' is the body). */
  objects?: string[];
  /** The path parameter and how to put a junk value in the URL. */
  param?: { name: string; url: (c: Ctx, encoded: string) => string; valid: (s: string) => boolean };
  /** Route-specific cases (conflicts, unknown ids, headers). */
  extra?: (c: Ctx) => fc.Arbitrary<FuzzCase>[];
  numRuns: number;
}

const tenantToken = (c: Ctx) => c.a.apiKey;
const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const connectorRe = /^[a-z][a-z0-9-]{1,39}$/;
const refRe = /^[A-Za-z0-9._:@-]{1,100}$/;

const invoiceFields: FieldSpec[] = [
  { path: 'number', type: 'string', required: true, max: 64, invalid: fc.oneof(blankText, controlChars) },
  { path: 'date', type: 'string', required: true, invalid: badDate },
  { path: 'dueDate', type: 'string', invalid: fc.oneof(badDate, fc.constant('2024-02-01')) },
  { path: 'serviceDate', type: 'string', invalid: badDate },
  { path: 'currency', type: 'string', invalid: badEnum(['EUR']) },
  { path: 'taxMode', type: 'string', invalid: badEnum(['net', 'gross']) },
  {
    path: 'taxSituation',
    type: 'string',
    invalid: badEnum(['standard', 'small_business', 'reverse_charge', 'intra_community', 'export']),
  },
  { path: 'customer', type: 'object', required: true },
  { path: 'customer.ref', type: 'string', required: true, max: 100, invalid: badRefText },
  { path: 'customer.type', type: 'string', required: true, invalid: badEnum(['person', 'company']) },
  { path: 'customer.companyName', type: 'string', required: true, max: 255, invalid: fc.oneof(blankText, controlChars) },
  { path: 'customer.vatId', type: 'string', max: 20, invalid: controlChars },
  { path: 'customer.email', type: 'string', invalid: badEmail },
  { path: 'customer.phone', type: 'string', invalid: badPhone },
  { path: 'customer.address', type: 'object' },
  { path: 'customer.address.city', type: 'string', max: 255, invalid: controlChars },
  { path: 'customer.address.zip', type: 'string', max: 20, invalid: controlChars },
  { path: 'customer.address.countryCode', type: 'string', invalid: badCountry },
  { path: 'lines', type: 'array', required: true, invalid: fc.constant([]) },
  { path: 'lines.0', type: 'object', required: true },
  { path: 'lines.0.title', type: 'string', required: true, max: 255, invalid: fc.oneof(blankText, controlChars) },
  { path: 'lines.0.description', type: 'string', max: 2000, invalid: controlChars },
  { path: 'lines.0.quantity', type: 'decimal', required: true, invalid: badDecimal(4, '9999999') },
  { path: 'lines.0.unitName', type: 'string', max: 60, invalid: controlChars },
  { path: 'lines.0.unitPrice', type: 'decimal', required: true, invalid: badDecimal(4, '999999999') },
  {
    path: 'lines.0.taxRate',
    type: 'number',
    required: true,
    invalid: fc.oneof(fc.constantFrom<Json>(1, 6, 17, 20, 19.5, -19, 7.0001, 100), fc.integer().filter((n) => ![0, 5, 7, 16, 19].includes(n))),
  },
  { path: 'lines.0.discountPercent', type: 'decimal', invalid: fc.oneof(badDecimal(2, '100'), fc.constantFrom<Json>('-1', -0.01, '100.01', 101)) },
  { path: 'lines.0.category', type: 'string', invalid: badEnum(['revenue', 'services', 'fees', 'goods']) },
  { path: 'lines.1.quantity', type: 'decimal', required: true, invalid: badDecimal(4, '9999999') },
  { path: 'introduction', type: 'string', max: 2000, invalid: controlChars },
  { path: 'remark', type: 'string', max: 2000, invalid: controlChars },
  { path: 'document', type: 'object' },
  { path: 'document.filename', type: 'string', required: true, max: 255, invalid: badFilename },
  { path: 'document.contentType', type: 'string', required: true, invalid: badContentType },
  { path: 'document.contentBase64', type: 'string', required: true, invalid: badBase64 },
];

const documentFields = (prefix: string): FieldSpec[] =>
  invoiceFields.filter((f) => f.path.startsWith('document')).map((f) => ({ ...f, path: f.path.replace(/^document/, prefix) }));

const customerFields: FieldSpec[] = [
  { path: 'type', type: 'string', required: true, invalid: badEnum(['person', 'company']) },
  { path: 'companyName', type: 'string', required: true, max: 255, invalid: fc.oneof(blankText, controlChars) },
  { path: 'salutation', type: 'string', max: 25, invalid: controlChars },
  { path: 'vatId', type: 'string', max: 20, invalid: controlChars },
  { path: 'taxNumber', type: 'string', max: 30, invalid: controlChars },
  { path: 'email', type: 'string', invalid: badEmail },
  { path: 'phone', type: 'string', invalid: badPhone },
  { path: 'mobile', type: 'string', invalid: badPhone },
  { path: 'address', type: 'object' },
  { path: 'address.street', type: 'string', max: 255, invalid: controlChars },
  { path: 'address.countryCode', type: 'string', invalid: badCountry },
  { path: 'contactPerson', type: 'object' },
  { path: 'contactPerson.lastName', type: 'string', required: true, max: 255, invalid: fc.oneof(blankText, controlChars) },
  { path: 'contactPerson.email', type: 'string', invalid: badEmail },
];

const ROUTES: RouteSpec[] = [
  {
    name: 'POST /v1/tenants',
    method: 'POST',
    url: () => '/v1/tenants',
    token: () => ADMIN_TOKEN,
    access: 'admin',
    bodyLimit: APP_BODY_LIMIT,
    body: () => ({ name: 'Fuzz Tenant GmbH' }),
    fields: [{ path: 'name', type: 'string', required: true, max: 200, invalid: blankText }],
    objects: [''],
    numRuns: 120,
  },
  {
    name: 'PUT /v1/settings',
    method: 'PUT',
    url: () => '/v1/settings',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    body: () => ({ connector: 'reference', mode: 'voucher', invoiceStatus: 'draft', autoSync: false }),
    fields: [
      {
        path: 'connector',
        type: 'nullableString',
        max: 40,
        // A well-formed name of no connector is refused as unknown (422), an empty one as invalid (400).
        invalid: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !KNOWN_CONNECTORS.includes(s))),
        invalidStatus: [400, 422],
      },
      { path: 'mode', type: 'string', invalid: badEnum(['invoice', 'voucher']) },
      { path: 'invoiceStatus', type: 'string', invalid: badEnum(['draft', 'finalized', 'finalized_and_sent']) },
      { path: 'autoSync', type: 'boolean' },
    ],
    objects: [''],
    numRuns: 150,
  },
  {
    name: 'PUT /v1/connections/{connector}',
    method: 'PUT',
    url: () => '/v1/connections/reference',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    body: (c) => ({ credentials: { apiKey: c.reference.apiKey }, options: { baseUrl: c.reference.url } }),
    fields: [
      { path: 'credentials', type: 'object', required: true },
      // Never a well-formed key: that would be tested against the sandbox (a 422 and a call log row).
      { path: 'credentials.apiKey', type: 'string', required: true, invalid: fc.string({ maxLength: 7 }) },
      { path: 'options', type: 'object', required: true },
      {
        path: 'options.baseUrl',
        type: 'string',
        required: true,
        invalid: fc.constantFrom<Json>('not a url', '', 'http//x', '://x', 'http://', '  ', 'http://exa mple.com', '//host/path'),
      },
      { path: 'options.requestsPerSecond', type: 'number', invalid: fc.constantFrom<Json>(0, -1, -0.5) },
    ],
    objects: ['', 'credentials', 'options'],
    param: {
      name: 'connector',
      url: (_c, junk) => `/v1/connections/${junk}`,
      valid: (s) => KNOWN_CONNECTORS.includes(s),
    },
    extra: (c) => [
      // A well-formed connector id of no connector: 404 unknown_connector.
      fc
        .stringMatching(/^[a-z][a-z0-9-]{1,20}$/)
        .filter((s) => !KNOWN_CONNECTORS.includes(s))
        .map((id) => bodyCase('unknown_connector', 'PUT', `/v1/connections/${id}`, c.a.apiKey, validConnect(c), [404])),
    ],
    numRuns: 200,
  },
  {
    name: 'POST /v1/connections/{connector}/test',
    method: 'POST',
    url: () => '/v1/connections/reference/test',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    param: { name: 'connector', url: (_c, junk) => `/v1/connections/${junk}/test`, valid: (s) => KNOWN_CONNECTORS.includes(s) },
    extra: (c) => [
      // No connection to this connector, or no such connector: 404.
      fc.constantFrom('sevdesk', 'lexoffice', 'datev', 'abc').map((id) => noBodyCase('not_connected', 'POST', `/v1/connections/${id}/test`, c.a.apiKey, [404])),
      fc.constant(noBodyCase('other_tenant', 'POST', '/v1/connections/reference/test', c.b.apiKey, [404])),
    ],
    numRuns: 100,
  },
  {
    name: 'DELETE /v1/connections/{connector}',
    method: 'DELETE',
    url: () => '/v1/connections/reference',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    param: { name: 'connector', url: (_c, junk) => `/v1/connections/${junk}`, valid: (s) => KNOWN_CONNECTORS.includes(s) },
    extra: (c) => [
      fc.constantFrom('sevdesk', 'lexoffice', 'datev', 'abc').map((id) => noBodyCase('not_connected', 'DELETE', `/v1/connections/${id}`, c.a.apiKey, [404])),
      fc.constant(noBodyCase('other_tenant', 'DELETE', '/v1/connections/reference', c.b.apiKey, [404])),
    ],
    numRuns: 100,
  },
  {
    name: 'PUT /v1/customers/{ref}',
    method: 'PUT',
    url: () => '/v1/customers/FUZZ-NEW',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    body: () => ({
      type: 'company',
      companyName: 'Fuzz GmbH',
      salutation: 'Firma',
      vatId: 'DE123456789',
      taxNumber: '12/345/67890',
      email: 'info@fuzz.example',
      phone: '+49 30 1234567',
      mobile: '0170 1234567',
      address: { street: 'Hauptstr. 1', zip: '10115', city: 'Berlin', countryCode: 'DE' },
      contactPerson: { firstName: 'Erika', lastName: 'Muster', email: 'erika@fuzz.example' },
    }),
    fields: customerFields,
    objects: ['', 'address', 'contactPerson'],
    param: { name: 'ref', url: (_c, junk) => `/v1/customers/${junk}`, valid: (s) => refRe.test(s) },
    numRuns: 200,
  },
  {
    name: 'PATCH /v1/customers/{ref}',
    method: 'PATCH',
    url: (c) => `/v1/customers/${c.customerRef}`,
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    body: () => ({ syncDisabled: true }),
    fields: [{ path: 'syncDisabled', type: 'boolean', required: true }],
    objects: [''],
    param: { name: 'ref', url: (_c, junk) => `/v1/customers/${junk}`, valid: () => false },
    extra: (c) => [
      fc.stringMatching(/^[A-Za-z0-9._:@-]{1,30}$/).filter((r) => r !== c.customerRef).map((ref) =>
        bodyCase('unknown_ref', 'PATCH', `/v1/customers/${ref}`, c.a.apiKey, { syncDisabled: true }, [404]),
      ),
      fc.constant(bodyCase('other_tenant', 'PATCH', `/v1/customers/${c.customerRef}`, c.b.apiKey, { syncDisabled: true }, [404])),
    ],
    numRuns: 120,
  },
  {
    name: 'POST /v1/invoices',
    method: 'POST',
    url: () => '/v1/invoices',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: DOCUMENT_BODY_LIMIT,
    body: () => ({ ...invoiceBody('FUZZ-NEW-1'), taxSituation: 'standard', introduction: 'Hallo', lines: fuzzLines() }),
    fields: invoiceFields,
    objects: ['', 'customer', 'customer.address', 'lines.0', 'lines.1', 'document'],
    extra: (c) => [
      // The number of a stored invoice with another body: 409 duplicate_number.
      fc.constantFrom('remark', 'dueDate').map((what) =>
        bodyCase('duplicate_number', 'POST', '/v1/invoices', c.a.apiKey, invoiceBody(c.bookedNumber, { [what]: what === 'remark' ? 'Anders' : '2024-03-30' }), [409]),
      ),
      // A used Idempotency-Key with another body: 409 idempotency_key_reused.
      fc.integer({ min: 2, max: 1_000_000 }).map((n) => ({
        ...bodyCase('idempotency_key_reused', 'POST', '/v1/invoices', c.a.apiKey, invoiceBody(`FUZZ-IK-${n}`), [409]),
        headers: { 'content-type': JSON_TYPE, 'idempotency-key': c.idempotencyKey },
      })),
      // A valid body with a malformed Idempotency-Key: 400 naming the header.
      fc.oneof(fc.constant(''), fc.integer({ min: 201, max: 400 }).map((n) => 'k'.repeat(n))).map((key) => ({
        ...bodyCase('bad_idempotency_key', 'POST', '/v1/invoices', c.a.apiKey, invoiceBody('FUZZ-NEW-2'), [400]),
        headers: { 'content-type': JSON_TYPE, 'idempotency-key': key },
        field: 'idempotency-key',
      })),
      // Rules across fields.
      fc.constantFrom(
        { over: { serviceDate: '2024-02-28', servicePeriod: { start: '2024-02-01', end: '2024-02-28' } }, field: 'servicePeriod' },
        { over: { serviceDate: undefined, servicePeriod: { start: '2024-02-28', end: '2024-02-01' } }, field: 'servicePeriod.end' },
        { over: { date: '2024-03-20', dueDate: '2024-03-01' }, field: 'dueDate' },
        { over: { lines: [{ title: 'Gutschrift', quantity: 1, unitPrice: '-10.00', taxRate: 19 }] }, field: 'lines' },
        { over: { taxSituation: 'export' }, field: 'lines.0.taxRate' },
        { over: { customerRef: 'C-1000' }, field: 'customerRef' },
        { over: { customer: undefined }, field: 'customer' },
        { over: { customer: undefined, customerRef: 'NO-SUCH-CUSTOMER' }, field: undefined, status: 422 },
        { over: { document: { ...samplePdfDocument('x.png', 'x'), contentType: 'image/gif' } }, field: 'document.contentType' },
      ).map(({ over, field, status }) => ({
        ...bodyCase('cross_field', 'POST', '/v1/invoices', c.a.apiKey, withoutUndefined({ ...invoiceBody('FUZZ-NEW-3'), ...over }), [status ?? 400]),
        field,
      })),
      // Over the route's own body limit (24 MiB): 413; a document over 10 MiB of base64 but under it: 400.
      fc.constantFrom(DOCUMENT_BODY_LIMIT + 1024, 14_000_000).map((size) => ({
        ...bodyCase('huge_document', 'POST', '/v1/invoices', c.a.apiKey, {}, size > DOCUMENT_BODY_LIMIT ? [413] : [400]),
        payload: () => JSON.stringify(invoiceBody('FUZZ-NEW-4', { document: { filename: 'big.pdf', contentType: 'application/pdf', contentBase64: `JVBE${'A'.repeat(size - (size % 4))}` } })),
        field: size > DOCUMENT_BODY_LIMIT ? undefined : 'document.contentBase64',
      })),
    ],
    numRuns: 450,
  },
  {
    name: 'POST /v1/invoices/{id}/cancel',
    method: 'POST',
    url: (c) => `/v1/invoices/${c.bookedInvoiceId}/cancel`,
    token: tenantToken,
    access: 'tenant',
    bodyLimit: DOCUMENT_BODY_LIMIT,
    body: () => ({ number: 'ST-FUZZ-1', date: '2024-04-01', reason: 'Fuzz', document: samplePdfDocument('st.pdf', 'Storno') }),
    fields: [
      { path: 'number', type: 'string', required: true, max: 64, invalid: fc.oneof(blankText, controlChars) },
      { path: 'date', type: 'string', required: true, invalid: badDate },
      { path: 'reason', type: 'string', max: 2000, invalid: controlChars },
      { path: 'document', type: 'object' },
      ...documentFields('document'),
    ],
    objects: ['', 'document'],
    param: { name: 'id', url: (_c, junk) => `/v1/invoices/${junk}/cancel`, valid: (s) => uuidRe.test(s) },
    extra: (c) => [
      fc.uuid().map((id) => bodyCase('unknown_id', 'POST', `/v1/invoices/${id}/cancel`, c.a.apiKey, validCancel(), [404])),
      fc.constant(bodyCase('other_tenant', 'POST', `/v1/invoices/${c.bookedInvoiceId}/cancel`, c.b.apiKey, validCancel(), [404])),
      // Only a booked invoice can be cancelled.
      fc.constant(bodyCase('not_booked', 'POST', `/v1/invoices/${c.pendingInvoiceId}/cancel`, c.a.apiKey, validCancel(), [409])),
    ],
    numRuns: 250,
  },
  {
    name: 'POST /v1/invoices/{id}/sync',
    method: 'POST',
    url: (c) => `/v1/invoices/${c.bookedInvoiceId}/sync`,
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    param: { name: 'id', url: (_c, junk) => `/v1/invoices/${junk}/sync`, valid: (s) => uuidRe.test(s) },
    extra: (c) => [
      fc.uuid().map((id) => noBodyCase('unknown_id', 'POST', `/v1/invoices/${id}/sync`, c.a.apiKey, [404])),
      fc.constant(noBodyCase('other_tenant', 'POST', `/v1/invoices/${c.pendingInvoiceId}/sync`, c.b.apiKey, [404])),
      // Booking a booked invoice again is refused (409 already_booked), as the valid request here is.
      fc.constant(noBodyCase('already_booked', 'POST', `/v1/invoices/${c.bookedInvoiceId}/sync`, c.a.apiKey, [409])),
    ],
    numRuns: 100,
  },
  {
    name: 'POST /v1/sync/backfill',
    method: 'POST',
    url: () => '/v1/sync/backfill',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    body: () => ({ from: '2024-01-01', to: '2024-12-31', status: 'failed' }),
    fields: [
      { path: 'from', type: 'string', required: true, invalid: badDate },
      { path: 'to', type: 'string', required: true, invalid: fc.oneof(badDate, fc.constant('2023-12-31')) },
      { path: 'status', type: 'string', invalid: badEnum(['pending', 'failed']) },
    ],
    objects: [''],
    extra: (c) => [
      // A tenant without a connector: 422 no_connector.
      fc.constant(bodyCase('no_connector', 'POST', '/v1/sync/backfill', c.b.apiKey, { from: '2024-01-01', to: '2024-12-31' }, [422])),
    ],
    numRuns: 150,
  },
  {
    name: 'POST /v1/notifications/{id}/resolve',
    method: 'POST',
    url: () => '/v1/notifications/00000000-0000-4000-8000-000000000000/resolve',
    token: tenantToken,
    access: 'tenant',
    bodyLimit: APP_BODY_LIMIT,
    param: { name: 'id', url: (_c, junk) => `/v1/notifications/${junk}/resolve`, valid: (s) => uuidRe.test(s) },
    extra: (c) => [
      fc.uuid().map((id) => noBodyCase('unknown_id', 'POST', `/v1/notifications/${id}/resolve`, c.a.apiKey, [404])),
      fc.constant(noBodyCase('other_tenant', 'POST', `/v1/notifications/${c.openNotificationId}/resolve`, c.b.apiKey, [404])),
      fc.constant(noBodyCase('already_resolved', 'POST', `/v1/notifications/${c.resolvedNotificationId}/resolve`, c.a.apiKey, [409])),
    ],
    numRuns: 100,
  },
];

function fuzzLines() {
  return [
    { title: 'Seminar', description: 'Zwei Tage', quantity: 2, unitName: 'Tag', unitPrice: '800.00', taxRate: 19, discountPercent: '10', category: 'services' },
    { title: 'Skript', quantity: '1', unitPrice: 50, taxRate: 7 },
  ];
}
const validConnect = (c: Ctx) => ({ credentials: { apiKey: c.reference.apiKey }, options: { baseUrl: c.reference.url } });
const validCancel = () => ({ number: 'ST-FUZZ-2', date: '2024-04-01', document: samplePdfDocument('st.pdf', 'Storno') });

function withoutUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function bodyCase(kind: string, method: Method, url: string, token: string | undefined, body: unknown, expect: number[]): FuzzCase {
  const text = JSON.stringify(body);
  return { kind, method, url, token, headers: { 'content-type': JSON_TYPE }, payload: () => text, expect };
}

function noBodyCase(kind: string, method: Method, url: string, token: string | undefined, expect: number[]): FuzzCase {
  return { kind, method, url, token, headers: {}, payload: undefined, expect };
}

// ---------------------------------------------------------------------------------------------------------------
// The arbitraries: one valid request, broken in one way

const BAD_CONTENT_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=----fuzz',
  'application/octet-stream',
  'application/jsonp',
  'application/json-patch+json',
  'application/vnd.api+json',
  'image/png',
  'json',
];

const INVALID_JSON = [
  '{',
  '}',
  '{"a":}',
  "{'name':'x'}",
  '{"name":"x",}',
  '{"name":"x"}}',
  '{"name":"x"} {"name":"y"}',
  '[1,2',
  'NaN',
  'undefined',
  '{"name":NaN}',
  '{"name":Infinity}',
  '{"name":0x10}',
  '{"name":"\\x41"}',
  '{"name":"\u0001"',
  '{name:"x"}',
  '"unterminated',
  '\u0000',
  '<xml/>',
  'name=x&y=z',
];

const POISON = ['{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":1,"__proto__":{"admin":true}}'];

function caseArbitraries(route: RouteSpec, c: Ctx): fc.Arbitrary<FuzzCase>[] {
  const url = route.url(c);
  const token = route.token(c);
  const extraHeaders = route.headers?.(c) ?? {};
  const arbs: fc.Arbitrary<FuzzCase>[] = [];
  const withBody = (kind: string, body: unknown, expect: readonly number[], field?: string): FuzzCase => {
    const text = JSON.stringify(body);
    const limit = route.bodyLimit;
    // The hub refuses bodies over its limit before reading them (413), whatever is wrong inside.
    const tooLarge = Buffer.byteLength(text) > limit;
    return {
      kind,
      method: route.method,
      url,
      token,
      headers: { 'content-type': JSON_TYPE, ...extraHeaders },
      payload: () => text,
      expect: tooLarge ? [413] : expect,
      field: tooLarge ? undefined : field,
    };
  };
  const validBody = route.body?.(c);

  if (validBody) {
    const fields = route.fields ?? [];
    const required = fields.filter((f) => f.required);
    if (required.length > 0) {
      arbs.push(fc.constantFrom(...required).map((f) => withBody('drop_field', deleteAt(validBody, f.path), [400], f.path)));
    }
    if (fields.length > 0) {
      const anyField = fc.constantFrom(...fields);
      arbs.push(
        anyField.chain((f) => wrongTypeValue(f.type).map((v) => withBody('wrong_type', setAt(validBody, f.path, v), [400], f.path))),
      );
      const withInvalid = fields.filter((f) => f.invalid);
      if (withInvalid.length > 0) {
        arbs.push(
          fc
            .constantFrom(...withInvalid)
            .chain((f) =>
              (f.invalid as fc.Arbitrary<Json>).map((v) => withBody('invalid_value', setAt(validBody, f.path, v), f.invalidStatus ?? [400], f.path)),
            ),
        );
      }
      const bounded = fields.filter((f) => f.max !== undefined);
      if (bounded.length > 0) {
        arbs.push(
          fc
            .tuple(fc.constantFrom(...bounded), fc.integer({ min: 1, max: 3000 }), fc.constantFrom('x', 'ä', '€', '😀'))
            .map(([f, over, ch]) => withBody('too_long', setAt(validBody, f.path, ch.repeat((f.max as number) + over)), [400], f.path)),
        );
      }
      const strings = fields.filter((f) => f.type === 'string' || f.type === 'decimal' || f.type === 'nullableString');
      if (strings.length > 0) {
        arbs.push(
          fc
            .tuple(fc.constantFrom(...strings), fc.integer({ min: HUGE, max: HUGE + 300_000 }))
            .map(([f, size]) => withBody('huge_string', setAt(validBody, f.path, 'A'.repeat(size)), [400], f.path)),
        );
      }
      arbs.push(
        fc
          .tuple(anyField, fc.integer({ min: 30, max: 4000 }), fc.constantFrom<'array' | 'object'>('array', 'object'))
          .map(([f, depth, shape]) => withBody('deep_nesting', setAt(validBody, f.path, nested(depth, shape)), [400], f.path)),
      );
      const objectFields = fields.filter((f) => f.type === 'object');
      if (objectFields.length > 0) {
        arbs.push(
          fc.constantFrom(...objectFields).chain((f) =>
            fc
              .constantFrom<(v: unknown) => Json>((v) => [v as Json], () => [], (v) => Object.values(v as object) as Json)
              .map((wrap) => {
                const current = f.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], validBody);
                return withBody('array_for_object', setAt(validBody, f.path, wrap(current)), [400], f.path);
              }),
          ),
        );
      }
    }
    const objects = route.objects ?? [];
    if (objects.length > 0) {
      const knownKeys = new Set(fields.map((f) => f.path.split('.').pop() as string));
      arbs.push(
        fc
          .tuple(
            fc.constantFrom(...objects),
            fc.oneof(fc.string({ minLength: 1, maxLength: 16 }), fc.constantFrom('id', 'tenantId', 'status', 'apiKey', 'admin', 'isAdmin', 'Number', 'bookedAt')),
            jsonValue,
          )
          .filter(([, key]) => !knownKeys.has(key) && !['__proto__', 'constructor', 'prototype'].includes(key) && !key.includes('.'))
          .map(([parent, key, value]) => {
            const path = parent === '' ? key : `${parent}.${key}`;
            return withBody('unknown_field', setAt(validBody, path, value), [400], path);
          }),
      );
    }
    // The whole body of the wrong shape.
    arbs.push(
      fc
        .constantFrom<Json>([validBody as Json], [], 'text', 42, true, null)
        .map((v) => withBody('body_not_object', v, [400])),
    );
    // No body at all (or only whitespace) although the route needs one.
    arbs.push(
      fc.constantFrom('', ' ', '\n\t').map((text) => ({
        kind: 'missing_body',
        method: route.method,
        url,
        token,
        headers: { 'content-type': JSON_TYPE, ...extraHeaders },
        payload: () => text,
        expect: [400],
      })),
    );
    // A valid body, declared as something else: 415.
    arbs.push(
      fc.constantFrom(...BAD_CONTENT_TYPES).map((type) => ({
        kind: 'wrong_content_type',
        method: route.method,
        url,
        token,
        headers: { ...extraHeaders, 'content-type': type },
        payload: () => JSON.stringify(validBody),
        expect: [415],
      })),
    );
    // A valid body with no Content-Type at all.
    arbs.push(
      fc.constant({
        kind: 'no_content_type',
        method: route.method,
        url,
        token,
        headers: { ...extraHeaders },
        payload: () => JSON.stringify(validBody),
        expect: [415],
      }),
    );
    // The valid body's text broken: cut off, or a character in the wrong place.
    const validText = JSON.stringify(validBody);
    arbs.push(
      fc
        .oneof(
          fc.integer({ min: 1, max: validText.length - 1 }).map((at) => validText.slice(0, at)),
          fc
            .tuple(fc.integer({ min: 0, max: validText.length }), fc.constantFrom('{', '}', '"', ',', ':', '[', ']', "'", '\\', 'x'))
            .map(([at, ch]) => validText.slice(0, at) + ch + validText.slice(at)),
        )
        .filter((text) => !parsesAsJson(text))
        .map((text) => ({
          kind: 'invalid_json',
          method: route.method,
          url,
          token,
          headers: { 'content-type': JSON_TYPE, ...extraHeaders },
          payload: () => text,
          expect: [400],
        })),
    );
  }

  // Invalid JSON and prototype poisoning: refused by the parser on every route, a body schema or not.
  arbs.push(
    fc.constantFrom(...INVALID_JSON, ...POISON).map((text) => ({
      kind: POISON.includes(text) ? 'prototype_poisoning' : 'invalid_json',
      method: route.method,
      url,
      token,
      headers: { 'content-type': JSON_TYPE, ...extraHeaders },
      payload: () => text,
      expect: [400],
    })),
  );
  // A body over the limit, on any route: 413.
  arbs.push(
    fc.constantFrom('json', 'text').map((what) => ({
      kind: 'body_too_large',
      method: route.method,
      url,
      token,
      headers: { 'content-type': JSON_TYPE, ...extraHeaders },
      payload: () => (what === 'json' ? JSON.stringify({ pad: 'A'.repeat(route.bodyLimit + 1) }) : ' '.repeat(route.bodyLimit + 1)),
      expect: [413],
    })),
  );
  if (!validBody) {
    // A body on a route that takes none, with a content type nobody parses: 415.
    arbs.push(
      fc.constantFrom(...BAD_CONTENT_TYPES).map((type) => ({
        kind: 'wrong_content_type',
        method: route.method,
        url,
        token,
        headers: { 'content-type': type },
        payload: () => '{"a":1}',
        expect: [415],
      })),
    );
  }

  // Junk in the path parameter: 400 naming the parameter (or 404 when the junk changes which route it is).
  if (route.param) {
    const p = route.param;
    const junk = fc
      .oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.constantFrom(
          '..', '.', '%', '%00', ' ', 'ä', '<script>', "'; drop table invoice;--", '0', '-1', 'null', 'undefined', 'a'.repeat(300),
          '00000000-0000-0000-0000-00000000000g', '00000000000040008000000000000000', '{00000000-0000-4000-8000-000000000000}',
          'REFERENCE', 'Reference', 'reference ', `$${'{'}jndi:ldap://x}`, '\u0000', '\n', 'x'.repeat(41), 'x'.repeat(1000),
        ),
      )
      .filter((s) => s !== '' && !p.valid(s) && !(p.name === 'connector' && connectorRe.test(s)));
    const bodyText = validBody === undefined ? undefined : JSON.stringify(validBody);
    arbs.push(
      junk.map((s) => ({
        kind: 'path_junk',
        method: route.method,
        url: p.url(c, encodeURIComponent(s)),
        token,
        headers: bodyText === undefined ? {} : { 'content-type': JSON_TYPE, ...extraHeaders },
        payload: bodyText === undefined ? undefined : () => bodyText,
        expect: [400, 404],
        field: p.name,
      })),
    );
    // A path that is no valid percent-encoding: 400; a parameter over the router's 1000 characters: 414.
    arbs.push(
      fc
        .oneof(
          fc.constantFrom('%', '%zz', '%E0%A4%A', 'a%', '%%').map((raw) => ({ raw, expect: [400] })),
          fc.integer({ min: 1001, max: 5000 }).map((n) => ({ raw: 'a'.repeat(n), expect: [414] })),
        )
        .map(({ raw, expect }) => ({
          kind: expect[0] === 414 ? 'path_too_long' : 'bad_url',
          method: route.method,
          url: p.url(c, raw),
          token,
          headers: bodyText === undefined ? {} : { 'content-type': JSON_TYPE, ...extraHeaders },
          payload: bodyText === undefined ? undefined : () => bodyText,
          expect,
        })),
    );
  }

  // Who calls: no token, a junk token, the wrong kind of token.
  const bodyText = validBody === undefined ? undefined : JSON.stringify(validBody);
  const headersWithBody = bodyText === undefined ? {} : { 'content-type': JSON_TYPE, ...extraHeaders };
  arbs.push(
    fc
      .oneof(
        fc.constant<[string | undefined, number]>([undefined, 401]),
        fc.string({ minLength: 1, maxLength: 60 }).filter((s) => s !== ADMIN_TOKEN && /^\S+$/.test(s)).map((s): [string, number] => [s, 401]),
        fc.constant<[string, number]>(route.access === 'admin' ? [c.a.apiKey, 403] : [ADMIN_TOKEN, 403]),
        fc.constant<[string, number]>([`${c.a.apiKey.slice(0, -1)}${c.a.apiKey.endsWith('x') ? 'y' : 'x'}`, 401]),
      )
      .map(([t, status]) => ({
        kind: 'auth',
        method: route.method,
        url,
        token: t,
        headers: headersWithBody,
        payload: bodyText === undefined ? undefined : () => bodyText,
        expect: [status],
      })),
  );

  for (const extra of route.extra?.(c) ?? []) arbs.push(extra);
  return arbs;
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The run

let ctx: Ctx;
const tally = new Map<string, number>();
const kinds = new Map<string, number>();

/** Everything a rejected request must leave alone, as one comparable value. */
async function fingerprint(hub: TestHub): Promise<Record<string, string>> {
  const tables = ['tenant', 'customer', 'customer_link', 'invoice', 'document', 'connection', 'notification', 'oauth_state'];
  const parts = tables.map((t) => `(select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) from ${t} x) as ${t}`);
  const res = await hub.pool.query(
    `select ${parts.join(', ')},
       (select count(*)::text from call_log) as call_log,
       (select count(*)::text from pgboss.job where name = 'invoice-sync') as jobs`,
  );
  return res.rows[0] as Record<string, string>;
}

beforeAll(async () => {
  const reference = await createReferenceSandbox();
  const hub = await startTestHub({ env: { HUB_WORKERS: 'false' } });
  const a = await hub.tenant('Fuzz Owner');
  const b = await hub.tenant('Fuzz Other');
  const connect = await hub.call('PUT', '/v1/connections/reference', {
    token: a.apiKey,
    body: { credentials: { apiKey: reference.apiKey }, options: { baseUrl: reference.url } },
  });
  expect(connect.statusCode, connect.body).toBe(200);
  const settings = await hub.call('PUT', '/v1/settings', {
    token: a.apiKey,
    body: { connector: 'reference', mode: 'voucher', invoiceStatus: 'draft', autoSync: false },
  });
  expect(settings.statusCode, settings.body).toBe(200);

  const submit = async (number: string, headers: Record<string, string> = {}) => {
    const res = await hub.call('POST', '/v1/invoices', { token: a.apiKey, body: invoiceBody(number), headers });
    expect(res.statusCode, res.body).toBe(202);
    return res.json().id as string;
  };
  const bookedNumber = 'FUZZ-BOOKED-1';
  const bookedInvoiceId = await submit(bookedNumber);
  await hub.pool.query(
    `update invoice set status = 'booked', booked_at = now(), remote = '{"connector":"reference","kind":"voucher","id":"v-1"}' where id = $1`,
    [bookedInvoiceId],
  );
  const idempotencyKey = 'fuzz-idempotency-key-1';
  const pendingInvoiceId = await submit('FUZZ-PENDING-1', { 'idempotency-key': idempotencyKey });
  const customerRef = 'FUZZ-C1';
  expect((await hub.call('PUT', `/v1/customers/${customerRef}`, { token: a.apiKey, body: { type: 'person', lastName: 'Fuzz' } })).statusCode).toBe(200);

  const notifications = hub.runtime.cradle.notificationService;
  const open = { tenantId: a.id, connector: 'reference', kind: 'sync_failed', message: 'x', details: {} } as const;
  await notifications.openForInvoice({ ...open, invoiceId: pendingInvoiceId });
  await notifications.openForInvoice({ ...open, invoiceId: bookedInvoiceId });
  const list = (await hub.call('GET', '/v1/notifications', { token: a.apiKey })).json().items as { id: string; invoiceId: string }[];
  const openNotificationId = list.find((n) => n.invoiceId === pendingInvoiceId)!.id;
  const resolvedNotificationId = list.find((n) => n.invoiceId === bookedInvoiceId)!.id;
  await hub.pool.query(`update notification set state = 'resolved', resolution = 'manual', resolved_at = now() where id = $1`, [resolvedNotificationId]);

  ctx = { hub, reference, a, b, bookedInvoiceId, pendingInvoiceId, bookedNumber, idempotencyKey, customerRef, openNotificationId, resolvedNotificationId };
}, 120_000);

afterAll(async () => {
  const total = [...tally.values()].reduce((s, n) => s + n, 0);
  if (total > 0) {
    const perRoute = [...tally].map(([route, n]) => `  ${route}: ${n}`).join('\n');
    const perKind = [...kinds].sort(([, x], [, y]) => y - x).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`[fuzz] ${total} cases over ${tally.size} write routes, none answered 5xx or stored anything:\n${perRoute}\n  by fault: ${perKind}`);
  }
  await ctx?.hub.close();
  await ctx?.reference.close();
});

describe('fuzzing the write routes', () => {
  for (const route of ROUTES) {
    it(`${route.name}: every broken request is a 4xx naming the field, and nothing is stored`, async () => {
      const c = ctx;
      const before = await fingerprint(c.hub);
      const arb = fc.oneof(...caseArbitraries(route, c));
      await fc.assert(
        fc.asyncProperty(arb, async (fuzz) => {
          const payload = fuzz.payload?.();
          if (process.env.FUZZ_TRACE === '1') console.error(`[fuzz] ${fuzz.kind} ${fuzz.method} ${fuzz.url.slice(0, 120)} ${payload?.length ?? '-'}`);
          const res = await c.hub.app.inject({
            method: fuzz.method,
            url: fuzz.url,
            headers: { ...(fuzz.token === undefined ? {} : { authorization: `Bearer ${fuzz.token}` }), ...fuzz.headers },
            ...(payload === undefined ? {} : { payload }),
          });
          tally.set(route.name, (tally.get(route.name) ?? 0) + 1);
          kinds.set(fuzz.kind, (kinds.get(fuzz.kind) ?? 0) + 1);
          const what = `${fuzz.kind} ${fuzz.method} ${fuzz.url.slice(0, 200)} (${payload === undefined ? 'no body' : `${payload.length} chars: ${payload.slice(0, 300)}`}) -> ${res.statusCode} ${res.body.slice(0, 500)}`;
          expect(res.statusCode, what).toBeLessThan(500);
          expect(fuzz.expect, what).toContain(res.statusCode);
          const error = res.json().error as { code: string; details: { path: string; message: string }[] };
          expect(error, what).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
          if (res.statusCode === 400 && fuzz.field !== undefined) {
            const f = fuzz.field;
            const named = error.details.some((d) => d.path === f || d.path.startsWith(`${f}.`));
            expect(named, `a detail should name ${f}: ${what}`).toBe(true);
          }
          expect(await fingerprint(c.hub), `nothing stored: ${what}`).toEqual(before);
        }),
        { numRuns: Math.max(1, Math.round(route.numRuns * RUN_SCALE)), endOnFailure: true },
      );
    }, 120_000);
  }
});
