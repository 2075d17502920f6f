import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { applyErrata } from './errata.js';
import type { OpenApiDocument } from './spec-types.js';

/** The plugin's own copy of sevdesk's OpenAPI description (see openapi/README.md for its origin). */
export const SPEC_FILE = new URL('../../../openapi/sevdesk-openapi.yaml', import.meta.url);

let cached: OpenApiDocument | undefined;

/**
 * Parses the description once per process (about half a second for 777 KB of YAML), makes it a request contract
 * (readOnly properties are not required in requests, as OpenAPI 3.0 says; `nullable` without `type` dropped, as
 * Ajv requires) and applies the errata: the few places where the description contradicts measured behaviour.
 */
export function loadSevdeskSpec(): OpenApiDocument {
  if (cached) return cached;
  const doc = parse(readFileSync(SPEC_FILE, 'utf8'), { maxAliasCount: -1 }) as OpenApiDocument;
  asRequestContract(doc);
  applyErrata(doc);
  cached = doc;
  return doc;
}

function asRequestContract(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) asRequestContract(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const props = o.properties;
  if (Array.isArray(o.required) && typeof props === 'object' && props !== null) {
    const p = props as Record<string, { readOnly?: unknown } | undefined>;
    // "If the property is marked as readOnly … and is in the required list, the required will take effect on the
    // response only" (OpenAPI 3.0.3, Schema Object, readOnly).
    o.required = (o.required as unknown[]).filter((name) => typeof name !== 'string' || p[name]?.readOnly !== true);
  }
  if ('nullable' in o && o.nullable !== true) delete o.nullable;
  if (o.nullable === true && o.type === undefined) {
    if (o.properties !== undefined) o.type = 'object';
    else delete o.nullable;
  }
  for (const value of Object.values(o)) asRequestContract(value);
}
