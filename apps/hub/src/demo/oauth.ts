import { DemoError, describeBody, type HubClient } from './http-client.js';

/**
 * What a tenant's browser does when it clicks "connect": the hub's authorize route (302 to the provider's consent
 * page), the provider's consent (the lexoffice sandbox approves at once and sends the browser back with a code),
 * and the hub's callback, which exchanges the code and stores the tokens. Every hop is a real HTTP request.
 */
export async function authorizeThroughHub(client: HubClient, token: string, connector: string, options: Record<string, unknown>): Promise<void> {
  const query = new URLSearchParams({ options: JSON.stringify(options) });
  const start = await client.call('GET', `/v1/connections/${connector}/authorize?${query}`, { token, headers: { accept: 'text/html' } });
  const consentUrl = start.headers.get('location');
  if (start.status !== 302 || !consentUrl) {
    throw new DemoError(`GET /v1/connections/${connector}/authorize answered ${start.status}: ${describeBody(start.body)}`);
  }

  const consent = await fetch(consentUrl, { redirect: 'manual' });
  const callbackUrl = consent.headers.get('location');
  if (consent.status !== 302 || !callbackUrl) {
    throw new DemoError(`the ${connector} consent page answered ${consent.status}: ${describeBody(await consent.text())}`);
  }
  const back = new URL(callbackUrl);
  if (back.searchParams.has('error')) {
    throw new DemoError(`${connector} refused the authorization: ${back.searchParams.get('error_description') ?? back.searchParams.get('error')}`);
  }

  const callback = await fetch(callbackUrl, { redirect: 'manual' });
  const page = await callback.text();
  if (callback.status !== 200) {
    const reason = /<p>([^<]*)<\/p>/.exec(page)?.[1] ?? page.slice(0, 200);
    throw new DemoError(`the hub's OAuth callback answered ${callback.status}: ${reason}`);
  }
}
