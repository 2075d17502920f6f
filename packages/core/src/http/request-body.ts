import { REDACTED, isSensitiveFormKey, redact, sensitiveValues } from './redact.js';
import type { HttpBody } from './types.js';

export interface EncodedBody {
  body: RequestInit['body'];
  /** Set only where fetch cannot infer it; FormData and URLSearchParams bring their own (with the boundary). */
  contentType: string | undefined;
}

/** Turns the connector's body description into what fetch sends. */
export function encodeBody(body: HttpBody | undefined): EncodedBody {
  if (body === undefined) return { body: undefined, contentType: undefined };
  switch (body.kind) {
    case 'json':
      return { body: JSON.stringify(body.value), contentType: 'application/json' };
    case 'form':
      return { body: body.value, contentType: undefined };
    case 'urlencoded':
      return { body: new URLSearchParams(body.value), contentType: undefined };
    case 'raw':
      return { body: body.value, contentType: body.contentType };
  }
}

const TEXTUAL = /^text\/|json|xml|x-www-form-urlencoded|javascript|csv/i;

export function isTextualContentType(contentType: string | null | undefined): boolean {
  return contentType !== null && contentType !== undefined && TEXTUAL.test(contentType);
}

/**
 * The request body as the call log shows it, credentials removed. Files are listed, not copied: a PDF in every
 * log row would bloat the table and add nothing a human reads.
 */
export function describeBody(body: HttpBody | undefined, secrets: readonly string[]): unknown {
  if (body === undefined) return null;
  switch (body.kind) {
    case 'json':
      return redact(body.value, secrets);
    case 'urlencoded':
      return Object.fromEntries(
        Object.entries(body.value).map(([key, value]) => [key, isSensitiveFormKey(key) ? REDACTED : redact(value, secrets)]),
      );
    case 'form':
      return describeForm(body.value, secrets);
    case 'raw': {
      const { value, contentType } = body;
      if (typeof value === 'string') return redact(value, secrets);
      if (isTextualContentType(contentType)) return redact(new TextDecoder().decode(value), secrets);
      return `<${value.byteLength} bytes ${contentType}>`;
    }
  }
}

function describeForm(form: FormData, secrets: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    const shown = isSensitiveFormKey(key)
      ? REDACTED
      : typeof value === 'string'
        ? redact(value, secrets)
        : { file: redact(value.name, secrets), bytes: value.size, type: value.type };
    const previous = out[key];
    // Repeated fields (several files under one name) stay visible as a list instead of overwriting each other.
    if (previous === undefined) out[key] = shown;
    else if (Array.isArray(previous)) previous.push(shown);
    else out[key] = [previous, shown];
  }
  return out;
}

/** Values the body carries under credential keys (see sensitiveValues), so that echoes of them are scrubbed too. */
export function bodySecrets(body: HttpBody | undefined): string[] {
  if (body === undefined) return [];
  switch (body.kind) {
    case 'json':
      return sensitiveValues(body.value);
    case 'urlencoded':
      return [
        ...new Set(
          Object.entries(body.value)
            .filter(([key]) => isSensitiveFormKey(key))
            .map(([, value]) => value),
        ),
      ];
    case 'form': {
      const found: string[] = [];
      for (const [key, value] of body.value.entries()) {
        if (typeof value === 'string' && isSensitiveFormKey(key)) found.push(value);
      }
      return found;
    }
    case 'raw':
      return [];
  }
}
