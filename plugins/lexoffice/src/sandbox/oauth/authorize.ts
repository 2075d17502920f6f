import type { AuthorizationRequest, OAuthStore } from './store.js';

/** `connection_name` may hold only these characters and spaces (notes §1.3). */
const CONNECTION_NAME = /^[/?äöüÄÖÜßa-zA-Z0-9.\-{}"_\\:=,() ]*$/u;

/**
 * What the authorize endpoint makes of a request: refuse without redirecting (unknown client, unregistered
 * redirect URI: never send the browser to an unchecked address), refuse by redirecting with `error=`, or go on.
 */
export type AuthorizeCheck =
  | { kind: 'refuse'; status: number; error: string; description: string }
  | { kind: 'redirect_error'; redirectUri: string; state: string | undefined; error: string; description: string }
  | { kind: 'ok'; request: AuthorizationRequest };

export function checkAuthorizeRequest(store: OAuthStore, query: Record<string, string>): AuthorizeCheck {
  const client = store.clients.get(query.client_id ?? '');
  if (!client) return { kind: 'refuse', status: 400, error: 'invalid_request', description: 'unknown client_id' };
  if (!client.active) return { kind: 'refuse', status: 400, error: 'unauthorized_client', description: 'the client is deactivated' };
  const redirectUri = query.redirect_uri;
  if (!redirectUri || !client.redirectUris.includes(redirectUri)) {
    return { kind: 'refuse', status: 400, error: 'invalid_request', description: 'redirect_uri is not registered for this client' };
  }
  const state = query.state;
  const fail = (error: string, description: string): AuthorizeCheck => ({ kind: 'redirect_error', redirectUri, state, error, description });
  if (query.response_type !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  // OAuth 2.1 as lexoffice runs it enforces PKCE with S256 (notes §1.3).
  if (!query.code_challenge) return fail('invalid_request', 'code_challenge is required (PKCE)');
  if (query.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (!/^[A-Za-z0-9_-]{43}$/.test(query.code_challenge)) return fail('invalid_request', 'code_challenge is not a base64url SHA-256');
  const requested = (query.scope ?? '').split(' ').filter((s) => s !== '');
  const unknown = requested.filter((s) => !client.scopes.includes(s));
  if (unknown.length > 0) return fail('invalid_scope', `scopes not enabled for this client: ${unknown.join(' ')}`);
  const connectionName = query.connection_name ?? '';
  if (!CONNECTION_NAME.test(connectionName)) return fail('invalid_request', 'connection_name holds characters lexoffice does not allow');
  return {
    kind: 'ok',
    request: {
      clientId: client.clientId,
      redirectUri,
      state,
      codeChallenge: query.code_challenge,
      // Without `scope`, all scopes enabled for the client are requested (notes §1.3).
      scopes: requested.length > 0 ? requested : [...client.scopes],
      connectionName,
    },
  };
}

/** `redirect_uri` with the answer's parameters added (and `state` echoed). */
export function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** What the consent page says each scope allows, in lexoffice's German (SEMCO and KleanApp screenshots). */
const SCOPE_TEXT: Record<string, string> = {
  'profile.read': 'Allgemeine Profilinformationen abrufen',
  'contacts.read': 'Kontakte von lexoffice abrufen',
  'contacts.write': 'Kontakte in lexoffice speichern',
  'invoices.read': 'Rechnungen von lexoffice abrufen',
  'invoices.write': 'Rechnungen in lexoffice speichern',
  'credit-notes.read': 'Rechnungskorrekturen von lexoffice abrufen',
  'credit-notes.write': 'Rechnungskorrekturen in lexoffice speichern',
  'vouchers.read': 'Belege von lexoffice abrufen',
  'vouchers.write': 'Belege in lexoffice speichern',
  'files.write': 'Belegbilder in lexoffice hochladen',
  'voucherlist.read': 'Belegliste abrufen',
  'vouchers.sendmail': 'Belege per E-Mail versenden',
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The "Autorisierungsanfrage" page, with "Zugriff erlauben" and "Zugriff verweigern" posting back. */
export function consentPage(consentId: string, appName: string, scopes: readonly string[]): string {
  const items = scopes.map((s) => `<li>${escapeHtml(SCOPE_TEXT[s] ?? s)}</li>`).join('');
  const id = escapeHtml(consentId);
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Autorisierungsanfrage</title></head>
<body>
<h1>Autorisierungsanfrage</h1>
<p>${escapeHtml(appName)} möchte:</p>
<ul>${items}</ul>
<form method="post" action="/oauth2/authorize/decision">
<input type="hidden" name="consent" value="${id}">
<button type="submit" name="decision" value="allow">Zugriff erlauben</button>
<button type="submit" name="decision" value="deny">Zugriff verweigern</button>
</form>
</body></html>`;
}
