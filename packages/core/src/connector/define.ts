import type { Connector } from './contract.js';
import { capabilityProblems, manifestData } from './manifest.js';

export class InvalidManifestError extends Error {
  constructor(
    readonly connectorId: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`Connector manifest "${connectorId}" is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.name = 'InvalidManifestError';
  }
}

const OPERATIONS = ['testConnection', 'upsertCustomer', 'bookInvoice', 'bookVoucher', 'attachDocument', 'credit', 'findBooked'] as const;

/**
 * Checks a connector when it loads: manifest data valid, schemas present, OAuth spec present for OAuth
 * connectors, every operation a function. Throws InvalidManifestError naming each problem.
 */
export function defineConnector<C, O>(connector: Connector<C, O>): Connector<C, O> {
  validateConnector(connector);
  return connector;
}

export function validateConnector(candidate: unknown): asserts candidate is Connector {
  const c = candidate as Partial<Connector> | undefined;
  const m = c?.manifest;
  const id = typeof m?.id === 'string' ? m.id : '(unknown)';
  const issues: { path: string; message: string }[] = [];
  if (!m) {
    throw new InvalidManifestError(id, [{ path: 'manifest', message: 'missing' }]);
  }
  const { credentialsSchema, optionsSchema, oauth, ...data } = m;
  const parsed = manifestData.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: issue.path.join('.') || '(root)', message: issue.message });
  } else {
    for (const problem of capabilityProblems(parsed.data.capabilities)) issues.push({ path: 'capabilities', message: problem });
  }
  if (!isZodSchema(credentialsSchema)) issues.push({ path: 'credentialsSchema', message: 'must be a zod schema' });
  if (!isZodSchema(optionsSchema)) issues.push({ path: 'optionsSchema', message: 'must be a zod schema' });
  if (Array.isArray(m.auth) && m.auth.includes('oauth2') && !oauth) issues.push({ path: 'oauth', message: 'an oauth2 connector needs its oauth spec' });
  for (const op of OPERATIONS) {
    if (typeof c?.[op] !== 'function') issues.push({ path: op, message: 'operation must be a function' });
  }
  if (issues.length > 0) throw new InvalidManifestError(id, issues);
}

/** Duck-typed rather than instanceof: a plugin published to npm may bundle its own copy of zod. */
function isZodSchema(value: unknown): boolean {
  const v = value as { safeParse?: unknown; _zod?: unknown } | undefined;
  return typeof v?.safeParse === 'function' && typeof v._zod === 'object';
}
