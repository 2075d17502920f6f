import type { AnyConnector } from '@accounting-hub/core';
import type { z } from 'zod';
import type { JsonObject } from '../db/entities/shapes.js';
import { type ErrorDetail, HubError } from '../errors/hub-error.js';

export interface ParsedOptions {
  /** What the connector works with (defaults applied). */
  options: unknown;
  /**
   * What the tenant sent, as stored on the connection. Stored unparsed so that a later plugin version's defaults
   * (a new API host, say) apply to existing connections; it is parsed again on every use.
   */
  input: JsonObject;
}

/** Validates connection options against the connector's schema; HubError 400 with `options.` paths otherwise. */
export function parseOptions(connector: AnyConnector, raw: unknown): ParsedOptions {
  const input = raw ?? {};
  const parsed = connector.manifest.optionsSchema.safeParse(input);
  if (!parsed.success) throw invalid(connector, issuesAt('options', parsed.error));
  return { options: parsed.data, input: isJsonObject(input) ? jsonCopy(input) : {} };
}

/** Validates credentials and options together, so that the tenant sees every problem in one answer. */
export function parseConnectInput(
  connector: AnyConnector,
  body: { credentials: unknown; options?: unknown },
): ParsedOptions & { credentials: unknown } {
  const credentials = connector.manifest.credentialsSchema.safeParse(body.credentials);
  const input = body.options ?? {};
  const options = connector.manifest.optionsSchema.safeParse(input);
  const details = [
    ...(credentials.success ? [] : issuesAt('credentials', credentials.error)),
    ...(options.success ? [] : issuesAt('options', options.error)),
  ];
  if (details.length > 0 || !credentials.success || !options.success) throw invalid(connector, details);
  return { credentials: credentials.data, options: options.data, input: isJsonObject(input) ? jsonCopy(input) : {} };
}

/** The issues as the contract's details; an unknown field is named itself (`credentials.extra`), as elsewhere. */
function issuesAt(prefix: string, error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

function invalid(connector: AnyConnector, details: ErrorDetail[]): HubError {
  return new HubError(400, 'invalid_request', `The ${connector.manifest.displayName} connection settings are invalid`, details);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON-safe copy for the jsonb column (drops undefined, functions and the like). */
function jsonCopy(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
