import { connectorErrorJson } from '@accounting-hub/core';
import { z } from 'zod';
import { storedError, timestamp } from './common.js';

export const connectorParams = z.strictObject({
  connector: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'a connector id like "lexoffice"').describe('A connector id (GET /v1/connectors)'),
});

export const connectBody = z
  .strictObject({
    credentials: z.record(z.string(), z.unknown()).describe("The connector's credentialsSchema, e.g. { \"apiKey\": \"...\" }"),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("The connector's optionsSchema, e.g. { \"baseUrl\": \"https://sandbox...\" } to use another API host"),
  })
  .meta({ id: 'ConnectRequest' });

const account = z.looseObject({ id: z.string().optional(), name: z.string().optional() }).describe('The account in the tool, as it answered');

export const connectionView = z
  .object({
    connector: z.string(),
    authKind: z.enum(['oauth2', 'api_token']),
    status: z.enum(['active', 'reauth_required', 'error']),
    authenticatedAt: timestamp.nullable(),
    reauthBy: timestamp.nullable().describe('The date by which the tenant must authorize again'),
    lastError: storedError.nullable(),
    account: account.nullable(),
    unavailable: z
      .record(z.string(), z.string())
      .nullable()
      .describe('Capabilities this connection lacks, with the reason (settings needing them are refused)'),
  })
  .meta({ id: 'Connection' });

export const authorizeQuery = z.strictObject({
  redirectTo: z
    .url({ protocol: /^https?$/, error: 'an http(s) URL' })
    .max(2000)
    .optional()
    .describe('Where the browser goes after the consent (with ?connected=<connector>)'),
  options: z
    .string()
    .max(4000)
    .transform((raw, ctx) => {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
      } catch {
        // reported below
      }
      ctx.addIssue({ code: 'custom', message: 'a JSON object, e.g. {"baseUrl":"https://..."}' });
      return z.NEVER;
    })
    .optional()
    .describe('The connection\'s options as a JSON object (the connector\'s optionsSchema), e.g. {"baseUrl":"https://sandbox.example"}'),
});

export const callbackQuery = z
  .looseObject({
    code: z.string().max(4000).optional(),
    state: z.string().max(200).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(2000).optional(),
  })
  .describe('As the provider sends it');

export const testResult = z
  .union([
    z.object({ ok: z.literal(true), account, checkedAt: timestamp }),
    z.object({ ok: z.literal(false), error: connectorErrorJson, checkedAt: timestamp }),
  ])
  .meta({ id: 'ConnectionTest' });

export const htmlPage = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } });
