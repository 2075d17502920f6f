import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema, OpenApiDocument, OperationObject, ParameterObject } from './spec-types.js';

// ajv-formats is CommonJS with a default export; under NodeNext its callable is the module's `default`.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const SPEC_ID = 'sevdesk';

export interface RequestIssue {
  in: 'body' | 'query' | 'path';
  /** Dotted path of the offending field: `invoicePosSave.0.price`, `contact[id]`. */
  field: string;
  message: string;
}

export interface IncomingRequest {
  method: string;
  /** The path as the description names it: `/Invoice/{invoiceId}/sendBy`. */
  specPath: string;
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Whether the body came as JSON (multipart bodies are checked by their route). */
  json: boolean;
}

interface CompiledParameter {
  param: ParameterObject;
  validate: ValidateFunction | undefined;
}

interface CompiledOperation {
  body: ValidateFunction | undefined;
  bodyRequired: boolean;
  params: CompiledParameter[];
}

/** `#/components/…` inside an operation's inline schema, pointed at the document registered under SPEC_ID. */
function rebased(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebased);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${SPEC_ID}${v}` : rebased(v);
  }
  return out;
}

/** Query and path values arrive as text; OpenAPI's serialization rules say how to read them as the schema's type. */
function coerce(value: unknown, schema: JsonSchema | undefined): unknown {
  if (typeof value !== 'string' || !schema) return value;
  switch (schema.type) {
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    default:
      return value;
  }
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A parameter's value as the request carries it, in the shape its schema describes (deepObject, form arrays). */
function parameterValue(p: ParameterObject, req: IncomingRequest): unknown {
  const schema = p.schema;
  if (p.in === 'path') return coerce(req.params[p.name], schema);
  if (p.in !== 'query') return undefined;
  const isObject = schema?.type === 'object' || p.style === 'deepObject';
  if (isObject && !p.name.includes('[')) {
    const props = (schema?.properties ?? {}) as Record<string, JsonSchema>;
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [key, raw] of Object.entries(req.query)) {
      const m = /^([^[]+)\[([^\]]+)\]$/.exec(key);
      if (!m || m[1] !== p.name || m[2] === undefined) continue;
      any = true;
      out[m[2]] = coerce(first(raw), props[m[2]] ?? (schema?.additionalProperties as JsonSchema | undefined));
    }
    return any ? out : undefined;
  }
  const raw = req.query[p.name];
  if (raw === undefined) return undefined;
  if (schema?.type === 'array') {
    const items = schema.items as JsonSchema | undefined;
    const list = Array.isArray(raw) ? raw : p.explode === false || p.style === 'form' ? raw.split(',') : [raw];
    return list.map((v) => coerce(v, items));
  }
  return coerce(first(raw), schema);
}

function dotted(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');
}

/** One issue per failing field, field first, the way sevdesk words its refusals ("Currency is required."). */
function describe(errors: readonly ErrorObject[], prefix: string): { field: string; message: string }[] {
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'allOf', 'if'].includes(e.keyword));
  const pool = [...(specific.length > 0 ? specific : errors)].sort((a, b) => b.instancePath.length - a.instancePath.length);
  const join = (...parts: string[]) => parts.filter(Boolean).join('.');
  const out = new Map<string, string>();
  for (const e of pool) {
    const at = dotted(e.instancePath);
    let field: string;
    let message: string;
    switch (e.keyword) {
      case 'required':
        field = join(prefix, at, String((e.params as { missingProperty?: unknown }).missingProperty));
        message = 'is required';
        break;
      case 'enum':
        field = join(prefix, at);
        message = `must be one of ${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'type':
        field = join(prefix, at);
        message = `must be of type ${String((e.params as { type?: unknown }).type)}`;
        break;
      default:
        field = join(prefix, at) || prefix || 'body';
        message = e.message ?? 'is invalid';
    }
    if (!out.has(field)) out.set(field, message);
  }
  return [...out].map(([field, message]) => ({ field, message }));
}

/**
 * Validates requests against sevdesk's OpenAPI description: the JSON body against the operation's request
 * schema, query and path parameters against theirs (as typed there; parameters the description does not name
 * pass, because sevdesk ignores unknown filters silently). Schemas are compiled once per operation, on first use.
 */
export class SevdeskRequestValidator {
  readonly #doc: OpenApiDocument;
  readonly #ajv: Ajv;
  readonly #compiled = new Map<string, CompiledOperation>();

  constructor(doc: OpenApiDocument) {
    this.#doc = doc;
    this.#ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: SPEC_ID, components: doc.components }, SPEC_ID);
  }

  operation(method: string, specPath: string): OperationObject | undefined {
    return this.#doc.paths[specPath]?.[method.toLowerCase()];
  }

  validate(req: IncomingRequest): RequestIssue[] {
    const compiled = this.#compile(req.method, req.specPath);
    if (!compiled) return [];
    const issues: RequestIssue[] = [];
    for (const { param, validate } of compiled.params) {
      const value = parameterValue(param, req);
      if (value === undefined) {
        if (param.required) issues.push({ in: param.in === 'path' ? 'path' : 'query', field: param.name, message: 'is required' });
        continue;
      }
      if (validate && !validate(value)) {
        for (const d of describe(validate.errors ?? [], param.name)) issues.push({ in: param.in === 'path' ? 'path' : 'query', ...d });
      }
    }
    if (compiled.body && req.json) {
      if (req.body === undefined || req.body === null) {
        if (compiled.bodyRequired) issues.push({ in: 'body', field: 'body', message: 'is required' });
      } else if (!compiled.body(req.body)) {
        for (const d of describe(compiled.body.errors ?? [], '')) issues.push({ in: 'body', ...d });
      }
    }
    return issues;
  }

  #compile(method: string, specPath: string): CompiledOperation | undefined {
    const key = `${method.toUpperCase()} ${specPath}`;
    const hit = this.#compiled.get(key);
    if (hit) return hit;
    const op = this.operation(method, specPath);
    if (!op) return undefined;
    const params = (op.parameters ?? [])
      .map((p) => this.#parameter(p))
      .filter((p): p is ParameterObject => p !== undefined && (p.in === 'query' || p.in === 'path'))
      .map((param) => ({ param, validate: param.schema ? this.#ajv.compile(rebased(param.schema) as JsonSchema) : undefined }));
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const compiled: CompiledOperation = {
      body: bodySchema ? this.#ajv.compile(rebased(bodySchema) as JsonSchema) : undefined,
      bodyRequired: op.requestBody?.required === true,
      params,
    };
    this.#compiled.set(key, compiled);
    return compiled;
  }

  #parameter(p: ParameterObject | { $ref: string }): ParameterObject | undefined {
    if (!('$ref' in p)) return p;
    const name = p.$ref.replace('#/components/parameters/', '');
    return this.#doc.components.parameters?.[name];
  }
}
