import assert from 'node:assert/strict';
import { capabilityProblems, validateConnector } from '@accounting-hub/core';
import { z } from 'zod';
import type { ConformanceCheck } from '../check.js';
import type { ConformanceSession } from '../session.js';

export { capabilityProblems } from '@accounting-hub/core';

export function manifestChecks<C, O>(s: ConformanceSession<C, O>): ConformanceCheck[] {
  const group = 'manifest';
  return [
    {
      group,
      name: 'passes validateConnector (data, schemas, operations)',
      run: async () => validateConnector(s.connector),
    },
    {
      group,
      name: 'credentials and options schemas convert to JSON Schema (the hub renders its forms from them)',
      run: async () => {
        const { credentialsSchema, optionsSchema } = s.connector.manifest;
        assert.doesNotThrow(() => z.toJSONSchema(credentialsSchema), 'z.toJSONSchema(credentialsSchema) failed');
        assert.doesNotThrow(() => z.toJSONSchema(optionsSchema), 'z.toJSONSchema(optionsSchema) failed');
      },
    },
    {
      group,
      name: 'capabilities are consistent',
      run: async () => {
        const problems = capabilityProblems(s.connector.manifest.capabilities);
        assert.deepEqual(problems, [], `inconsistent capabilities: ${problems.join('; ')}`);
      },
    },
    {
      group,
      name: "the sandbox's credentials and options satisfy the manifest's schemas",
      run: async () => {
        const { manifest } = s.connector;
        const { auth, badAuth, options } = s.handle;
        assert.ok(manifest.auth.includes(auth.kind), `auth kind ${auth.kind} is not among the manifest's ${manifest.auth.join(', ')}`);
        const opts = manifest.optionsSchema.safeParse(options);
        assert.ok(opts.success, `options: ${opts.success ? '' : z.prettifyError(opts.error)}`);
        for (const [label, a] of [['auth', auth], ['badAuth', badAuth]] as const) {
          if (a.kind !== 'api_token') continue;
          // Bad credentials must be well-formed, so that the refusal comes from the tool and not from the schema.
          const parsed = manifest.credentialsSchema.safeParse(a.credentials);
          assert.ok(parsed.success, `${label}.credentials: ${parsed.success ? '' : z.prettifyError(parsed.error)}`);
        }
      },
    },
  ];
}
