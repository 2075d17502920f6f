import { randomBytes, randomUUID } from 'node:crypto';
import { SANDBOX_ADMIN_PREFIX } from '@accounting-hub/connector-testkit/sandbox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { berlinTimestamp } from '../clock.js';
import { checkAuthorizeRequest } from '../oauth/authorize.js';
import type { OAuthStore } from '../oauth/store.js';
import type { LexofficeState } from '../state.js';
import { idParam } from '../wire-input.js';

const contactPersonBody = z.strictObject({
  salutation: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().min(1),
  emailAddress: z.string().optional(),
  phoneNumber: z.string().optional(),
});

const clientBody = z.strictObject({
  clientId: z.string().min(1).max(36).optional(),
  clientSecret: z.string().min(8).optional(),
  redirectUris: z.array(z.url()).min(1),
  scopes: z.array(z.string()).optional(),
});

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ error: { code: 'bad_request', message } });
}

/**
 * Sandbox-only routes beside the testkit's admin protocol: simulate what happens in lexoffice's web app (a hand
 * edit of a contact, a revoked connection) and let tests and integrators read what the sandbox holds.
 */
export function lexofficeAdminRoutes(app: FastifyInstance, opts: { state: LexofficeState; oauth: OAuthStore; defaultScopes: readonly string[] }) {
  const { state, oauth } = opts;
  const p = SANDBOX_ADMIN_PREFIX;

  /** A bookkeeper adds a second contact person in lexoffice: the contact can no longer be updated via the API. */
  app.post(`${p}/contacts/:id/add-contact-person`, async (request, reply) => {
    const contact = state.contacts.get(idParam(request));
    if (!contact?.company) return reply.code(404).send({ error: { code: 'not_found', message: 'no company contact with this id' } });
    const parsed = contactPersonBody.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, z.prettifyError(parsed.error));
    contact.company.contactPersons = [...(contact.company.contactPersons ?? []), { ...parsed.data, primary: false }];
    contact.version += 1;
    contact.updatedDate = berlinTimestamp(new Date());
    return { id: contact.id, version: contact.version, contactPersons: contact.company.contactPersons.length };
  });

  /** Someone edits the contact in lexoffice (its note): the version moves on, the data the hub owns does not. */
  app.post(`${p}/contacts/:id/touch`, async (request, reply) => {
    const contact = state.contacts.get(idParam(request));
    if (!contact) return reply.code(404).send({ error: { code: 'not_found', message: 'no contact with this id' } });
    contact.note = `Bearbeitet in lexoffice ${berlinTimestamp(new Date())}`;
    contact.version += 1;
    contact.updatedDate = berlinTimestamp(new Date());
    return { id: contact.id, version: contact.version };
  });

  /** Everything the account holds, in lexoffice's own representation. */
  app.get(`${p}/raw`, async () => ({
    organization: state.organization,
    contacts: [...state.contacts.values()],
    salesVouchers: [...state.salesVouchers.values()],
    vouchers: [...state.vouchers.values()],
    files: [...state.files.values()],
  }));

  /** What the partner API's sendmail sent. */
  app.get(`${p}/mails`, async () =>
    [...state.salesVouchers.values()].flatMap((s) => s.mails.map((m) => ({ voucherId: s.id, voucherNumber: s.voucherNumber, ...m }))),
  );

  /** The tenant removes the app in lexoffice (or Lexware ends it): every connection dies. */
  app.post(`${p}/oauth/revoke-all`, async (_request, reply) => {
    oauth.revokeAll();
    return reply.code(204).send();
  });

  /** Access tokens end early (password change, logout): the next API call answers 401. */
  app.post(`${p}/oauth/expire-access-tokens`, async (_request, reply) => {
    oauth.expireAccessTokens();
    return reply.code(204).send();
  });

  app.get(`${p}/oauth/connections`, async () =>
    [...oauth.connections.values()].map((c) => ({
      id: c.id,
      clientId: c.clientId,
      connectionName: c.connectionName,
      scopes: c.scopes,
      status: c.revoked ? 'revoked' : c.accessExpiresAt <= oauth.now() ? 'access_token_expired' : 'active',
    })),
  );

  /**
   * Every authorization code, access token and refresh token issued so far (rotated and revoked ones too), for
   * tests that check a client never logs or stores them in plain text. A sandbox-only window into secrets.
   */
  app.get(`${p}/oauth/tokens`, async () => oauth.issued);

  /** Registers a partner client at run time (a hub whose callback URL is known only after it started). */
  app.post(`${p}/oauth/clients`, async (request, reply) => {
    const parsed = clientBody.safeParse(request.body ?? {});
    if (!parsed.success) return badRequest(reply, z.prettifyError(parsed.error));
    const client = oauth.addClient({
      clientId: parsed.data.clientId ?? randomUUID(),
      clientSecret: parsed.data.clientSecret ?? randomBytes(24).toString('base64url'),
      redirectUris: parsed.data.redirectUris,
      scopes: parsed.data.scopes ?? [...opts.defaultScopes],
      active: true,
    });
    return reply.code(201).send(client);
  });

  /** Checks an authorize URL the way GET /oauth2/authorize would, without consenting or issuing a code. */
  app.get(`${p}/oauth/authorize-url-check`, async (request, reply) => {
    const raw = (request.query as Record<string, unknown> | undefined)?.url;
    if (typeof raw !== 'string') return badRequest(reply, 'pass the authorize URL as ?url=');
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return badRequest(reply, 'not a URL');
    }
    const problems: string[] = [];
    if (url.pathname !== '/oauth2/authorize') problems.push(`path is ${url.pathname}, expected /oauth2/authorize`);
    const query = Object.fromEntries(url.searchParams);
    if (!query.state) problems.push('state is missing (needed against CSRF)');
    if (!query.connection_name) problems.push('connection_name is missing (lexoffice recommends it)');
    const check = checkAuthorizeRequest(oauth, query);
    if (check.kind !== 'ok') problems.push(`${check.error}: ${check.description}`);
    return {
      ok: problems.length === 0,
      problems,
      ...(check.kind === 'ok'
        ? { clientId: check.request.clientId, redirectUri: check.request.redirectUri, scopes: check.request.scopes, connectionName: check.request.connectionName }
        : {}),
    };
  });
}
