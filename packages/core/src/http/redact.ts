/** What replaces a secret in anything we store or log. */
export const REDACTED = '[REDACTED]';

/** Keys whose values are credentials whatever they contain. */
const SENSITIVE_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|credential|cookie|code_verifier|client_assertion/i;

/** Headers that carry credentials even though their names do not say so. */
const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

/** Shorter values would scrub ordinary words and digits out of the log and protect nothing. */
const MIN_SECRET_LENGTH = 4;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/**
 * For query strings and form bodies, where OAuth carries its authorization code as `code`. In JSON a `code` is
 * what APIs call their error codes (sevdesk, our reference tool): hiding those would blind support.
 */
export function isSensitiveFormKey(key: string): boolean {
  return key.toLowerCase() === 'code' || SENSITIVE_KEY.test(key);
}

/**
 * A deep, JSON-safe copy of `value` with credentials removed: values under sensitive keys become REDACTED and
 * every occurrence of a secret inside a string is replaced. Safe on cycles and on values JSON cannot hold.
 */
export function redact(value: unknown, secrets: readonly string[]): unknown {
  return redactValue(value, secretPatterns(secrets), new WeakSet());
}

/** Header names stay as given; values of credential headers become REDACTED and secrets are scrubbed from the rest. */
export function redactHeaders(
  headers: Record<string, string> | Headers,
  secrets: readonly string[] = [],
): Record<string, string> {
  const patterns = secretPatterns(secrets);
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    out[name] = SENSITIVE_HEADERS.has(name.toLowerCase()) || isSensitiveKey(name) ? REDACTED : scrub(value, patterns);
  }
  return out;
}

/**
 * Path and query of `url` for the call log: sensitive query parameters become REDACTED and secret values are
 * scrubbed wherever they appear (an API key in the path is no better than one in the query). The host is left
 * out on purpose: the connection already names it.
 */
export function redactUrl(url: URL, secrets: readonly string[]): string {
  const patterns = secretPatterns(secrets);
  const pairs: string[] = [];
  for (const [key, value] of url.searchParams) {
    const shown = isSensitiveFormKey(key) ? REDACTED : scrub(value, patterns);
    pairs.push(`${encodeKeepingMarker(scrub(key, patterns))}=${encodeKeepingMarker(shown)}`);
  }
  const path = scrub(url.pathname, patterns);
  return pairs.length === 0 ? path : `${path}?${pairs.join('&')}`;
}

/**
 * Keeps call-log rows small: a value whose JSON exceeds `maxBytes` (UTF-8) is replaced by its size and the start
 * of its JSON, which is usually enough to see what was sent.
 */
export function capBody(value: unknown, maxBytes: number): unknown {
  if (value === undefined) return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return { truncated: true, bytes: null, preview: '<not serialisable>' };
  }
  if (json === undefined) return value;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= maxBytes) return value;
  return { truncated: true, bytes, preview: json.slice(0, maxBytes) };
}

/**
 * String values found under credential keys anywhere in `value`. What we hide by key on the way out is a secret
 * on the way back too: APIs echo request fields in their answers and error messages.
 */
export function sensitiveValues(value: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, underSensitiveKey: boolean, seen: WeakSet<object>): void => {
    if (typeof node === 'string') {
      if (underSensitiveKey) found.push(node);
      return;
    }
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const entries = node instanceof Map ? [...node.entries()] : Object.entries(node);
    for (const [key, item] of entries) walk(item, underSensitiveKey || isSensitiveKey(String(key)), seen);
  };
  walk(value, false, new WeakSet());
  return found;
}

/** Secret values and the encoded forms they take in URLs and form bodies, longest first so overlaps go whole. */
function secretPatterns(secrets: readonly string[]): string[] {
  const patterns = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    patterns.add(secret);
    patterns.add(encodeURIComponent(secret));
    patterns.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  return [...patterns].sort((a, b) => b.length - a.length);
}

function scrub(text: string, patterns: readonly string[]): string {
  let out = text;
  for (const pattern of patterns) {
    if (out.includes(pattern)) out = out.split(pattern).join(REDACTED);
  }
  return out;
}

/** Percent-encodes around the marker so the log shows `[REDACTED]` rather than `%5BREDACTED%5D`. */
function encodeKeepingMarker(text: string): string {
  return text.split(REDACTED).map(encodeURIComponent).join(REDACTED);
}

function redactValue(value: unknown, patterns: readonly string[], seen: WeakSet<object>): unknown {
  switch (typeof value) {
    case 'string':
      return scrub(value, patterns);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
    case 'function':
      return undefined;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (obj instanceof Uint8Array || obj instanceof ArrayBuffer) return `<${obj.byteLength} bytes>`;
  if (typeof Blob !== 'undefined' && obj instanceof Blob) return `<${obj.size} bytes ${obj.type || 'binary'}>`;
  seen.add(obj);
  try {
    // Dates, Decimals and the like know their own JSON form; redact that, as JSON.stringify would show it.
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return redactValue(toJSON.call(obj), patterns, seen);
    if (Array.isArray(obj)) return obj.map((item) => redactValue(item, patterns, seen));
    if (obj instanceof Map) return redactValue(Object.fromEntries(obj), patterns, seen);
    if (obj instanceof Set) return redactValue([...obj], patterns, seen);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(obj)) {
      out[scrub(key, patterns)] = isSensitiveKey(key) ? REDACTED : redactValue(item, patterns, seen);
    }
    return out;
  } finally {
    // Only ancestors count as cycles; the same object twice side by side is shown twice.
    seen.delete(obj);
  }
}
