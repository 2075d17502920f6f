import type { TemplateContext } from '../spec.js';

/** `src/sandbox/main.ts`: `pnpm sandbox` runs the sandbox as a process, for trying the connector by hand. */
export function sandboxMainTs(c: TemplateContext): string {
  const oauth = c.auth === 'oauth2';
  return `/** \`pnpm --filter ${c.packageName} sandbox\`: the ${c.nameComment} sandbox as a process, for trying the connector by hand. */
import { create${c.pascal}Sandbox } from './server.js';

const name = ${c.nameLiteral};
const port = Number(process.env.PORT ?? 4100);
const sandbox = await create${c.pascal}Sandbox({
  port,
  // Loopback unless told otherwise: the sandbox accepts any admin call without a token.
  host: process.env.HOST ?? '127.0.0.1',
  ...(process.env.TOKEN ? { token: process.env.TOKEN } : {}),
});
console.log(\`\${name} sandbox on \${sandbox.url}  (set the connection's baseUrl${oauth ? ' and authBaseUrl' : ''} to it)\`);
console.log(\`${oauth ? 'Access token' : 'API token'}: \${sandbox.token}\`);
console.log(\`Admin: \${sandbox.url}/__sandbox/{reset,faults,documents,customers,stats}\`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
`;
}
