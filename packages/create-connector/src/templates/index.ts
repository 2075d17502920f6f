import type { TemplateContext } from '../spec.js';

/** `src/index.ts`: what the hub imports (`connector`) and what tests and demos reuse. */
export function indexTs(c: TemplateContext): string {
  const extra = c.auth === 'oauth2' ? `, ${c.camel}OAuth` : '';
  return `export { connector } from './connector.js';
export { type ${c.pascal}Credentials, type ${c.pascal}Options, ${c.camel}Manifest${extra} } from './manifest.js';
export { create${c.pascal}Sandbox, type ${c.pascal}Sandbox, type ${c.pascal}SandboxOptions } from './sandbox/server.js';
`;
}
