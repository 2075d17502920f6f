import { isConnectorError } from '@accounting-hub/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HubError } from '../../errors/hub-error.js';
import type { HttpDeps } from '../deps.js';
import { callbackQuery, connectorParams, htmlPage } from '../schemas/connections.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
}

/** `redirectTo` with `connected=<connector>` added to its query. */
function withConnected(redirectTo: string, connector: string): string {
  const url = new URL(redirectTo);
  url.searchParams.set('connected', connector);
  return url.toString();
}

/**
 * The OAuth redirect URI. No bearer token: the provider sends the tenant's browser here, and the `state` names
 * the tenant. Answers are for a browser: a redirect or a small HTML page, never JSON.
 */
export const oauthCallbackRoutes: FastifyPluginAsyncZod<{ deps: HttpDeps }> = async (app, { deps }) => {
  app.get(
    '/v1/oauth/:connector/callback',
    {
      config: { access: 'public' },
      schema: {
        tags: ['connections'],
        summary: 'OAuth redirect URI: exchanges the code and stores the tokens',
        description:
          'Called by the tenant\'s browser on the provider\'s redirect. Success: 302 to `redirectTo` with `?connected=<connector>`, or a plain success page. Consent denied: 302 to `redirectTo` with `?error=oauth_denied&connector=<connector>` when the authorization had one. Other failures (unknown or expired state, refused code): an HTML error page with 400.',
        security: [],
        params: connectorParams,
        querystring: callbackQuery,
        response: {
          200: htmlPage('Connected (no redirectTo was given)'),
          302: z.undefined().describe('Back to redirectTo with ?connected=<connector> (or ?error=... when consent was denied)'),
          400: htmlPage('The authorization failed'),
          500: htmlPage('Internal error'),
        },
      },
    },
    async (request, reply) => {
      const { connector } = request.params;
      const { code, state, error, error_description } = request.query;
      try {
        const query = {
          ...(code === undefined ? {} : { code }),
          ...(state === undefined ? {} : { state }),
          ...(error === undefined ? {} : { error }),
          ...(error_description === undefined ? {} : { error_description }),
        };
        const done = await deps.connections.completeAuthorization(connector, query);
        if (done.redirectTo) return reply.redirect(withConnected(done.redirectTo, connector), 302);
        return reply
          .code(200)
          .type('text/html; charset=utf-8')
          .send(page('Connected', `The connection to ${connector} is set up. You can close this window.`));
      } catch (err) {
        // Consent denied at the provider: back to the tenant's app, which knows best what to show.
        const back = err instanceof HubError ? err.extra.redirectTo : undefined;
        if (typeof back === 'string' && /^https?:\/\//.test(back)) {
          const url = new URL(back);
          url.searchParams.set('error', (err as HubError).code);
          url.searchParams.set('connector', connector);
          return reply.redirect(url.toString(), 302);
        }
        const known = err instanceof HubError || isConnectorError(err);
        if (!known) request.log.error({ err, connector }, 'OAuth callback failed');
        const message = known ? (err as Error).message : 'An internal error occurred. Please try again.';
        return reply
          .code(known ? 400 : 500)
          .type('text/html; charset=utf-8')
          .send(page('The connection failed', message));
      }
    },
  );
};
