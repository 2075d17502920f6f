/** `pnpm --filter @accounting-hub/connector-lexoffice sandbox`: the lexoffice sandbox for the demo and by hand. */
import { DEFAULT_REDIRECT_URIS, createLexofficeSandbox } from './server.js';

const env = process.env;
const port = Number(env.PORT ?? 4020);
const clientGiven = env.OAUTH_CLIENT_ID && env.OAUTH_CLIENT_SECRET;
const sandbox = await createLexofficeSandbox({
  port,
  host: env.HOST ?? '127.0.0.1',
  ...(env.API_KEY ? { apiKey: env.API_KEY } : {}),
  ...(env.REQUESTS_PER_SECOND ? { requestsPerSecond: Number(env.REQUESTS_PER_SECOND) } : {}),
  ...(env.AUTO_CONSENT ? { autoConsent: env.AUTO_CONSENT !== 'false' } : {}),
  ...(clientGiven
    ? {
        oauthClients: [
          {
            clientId: env.OAUTH_CLIENT_ID ?? '',
            clientSecret: env.OAUTH_CLIENT_SECRET ?? '',
            redirectUris: env.OAUTH_REDIRECT_URIS ? env.OAUTH_REDIRECT_URIS.split(',').map((s) => s.trim()) : DEFAULT_REDIRECT_URIS,
          },
        ],
      }
    : {}),
});
const c = sandbox.oauthClient;
console.log(`lexoffice sandbox on ${sandbox.url}  (set the connection's baseUrl and authBaseUrl to it)`);
console.log(`API key:        ${sandbox.apiKey}`);
console.log(`OAuth client:   ${c.clientId}`);
console.log(`OAuth secret:   ${c.clientSecret}`);
console.log(`Redirect URIs:  ${c.redirectUris.join(', ')}`);
console.log(`Authorize:      ${sandbox.url}/oauth2/authorize   token: ${sandbox.url}/oauth2/token   revoke: ${sandbox.url}/oauth2/revoke`);
console.log(`Admin:          ${sandbox.url}/__sandbox/{reset,faults,documents,customers,stats,raw,mails,oauth/...}`);
// One machine-readable line for scripts and the e2e harness (apps/e2e) that start the sandbox as a process.
console.log(
  JSON.stringify({
    ready: true,
    sandbox: 'lexoffice',
    url: sandbox.url,
    apiKey: sandbox.apiKey,
    oauthClient: { clientId: c.clientId, clientSecret: c.clientSecret, redirectUris: c.redirectUris },
  }),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
