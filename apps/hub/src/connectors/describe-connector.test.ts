import { connector as reference } from '@accounting-hub/connector-reference';
import { describe, expect, it } from 'vitest';
import { createOAuthTestConnector } from '../testing/oauth-test-connector.js';
import { describeConnector } from './describe-connector.js';

describe('describeConnector (GET /v1/connectors)', () => {
  it('shows the manifest with every auth kind, the preferred first, and JSON schemas of what a tenant sends', () => {
    const d = describeConnector(reference);
    expect(d).toMatchObject({
      id: 'reference',
      displayName: 'Reference Books',
      version: '0.1.0',
      auth: ['api_token'],
      authKind: 'api_token',
      capabilities: reference.manifest.capabilities,
      rateLimit: { requestsPerSecond: 20, burst: 20 },
    });
    expect(d.credentialsSchema).toMatchObject({
      type: 'object',
      properties: { apiKey: { type: 'string', minLength: 8 } },
      required: ['apiKey'],
      additionalProperties: false,
    });
    expect(d.optionsSchema).toMatchObject({ type: 'object', required: ['baseUrl'] });
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('puts OAuth first for a connector that prefers it', () => {
    expect(describeConnector(createOAuthTestConnector())).toMatchObject({ auth: ['oauth2', 'api_token'], authKind: 'oauth2' });
  });
});
