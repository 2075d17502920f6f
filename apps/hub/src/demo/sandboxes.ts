import { randomBytes, randomUUID } from 'node:crypto';
import { createLexofficeSandbox, type LexofficeSandbox } from '@accounting-hub/connector-lexoffice/sandbox';
import { createSevdeskSandbox, type SevdeskSandbox } from '@accounting-hub/connector-sevdesk/sandbox';

/** The partner client the hub runs as against the lexoffice sandbox (HUB_OAUTH_LEXOFFICE_CLIENT_ID / _SECRET). */
export interface DemoOAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface SandboxCounts {
  lexoffice: { documents: number; customers: number };
  sevdesk: { documents: number; customers: number };
}

export interface DemoSandboxes {
  lexoffice: LexofficeSandbox;
  sevdesk: SevdeskSandbox;
  /** How many documents (invoices, credit notes, vouchers) and customers each sandbox holds now. */
  counts(): Promise<SandboxCounts>;
  close(): Promise<void>;
}

/** A fresh partner client; registered in the lexoffice sandbox with the hub's callback as its only redirect URI. */
export function newOAuthClient(): DemoOAuthClient {
  return { clientId: randomUUID(), clientSecret: randomBytes(24).toString('base64url') };
}

/**
 * Both sandboxes on free ports: lexoffice at its real limit of 2 requests/s with automatic consent, sevdesk with
 * its defaults. They are in memory: every run of the demo starts empty ones.
 */
export async function startSandboxes(opts: { oauthClient: DemoOAuthClient; redirectUri: string; host?: string }): Promise<DemoSandboxes> {
  const host = opts.host ?? '127.0.0.1';
  const lexoffice = await createLexofficeSandbox({
    host,
    requestsPerSecond: 2,
    autoConsent: true,
    oauthClients: [{ ...opts.oauthClient, redirectUris: [opts.redirectUri] }],
  });
  let sevdesk: SevdeskSandbox;
  try {
    sevdesk = await createSevdeskSandbox({ host });
  } catch (error) {
    await lexoffice.close().catch(() => undefined);
    throw error;
  }
  return {
    lexoffice,
    sevdesk,
    async counts() {
      const [ld, lc, sd, sc] = await Promise.all([
        lexoffice.control.documents(),
        lexoffice.control.customers(),
        sevdesk.control.documents(),
        sevdesk.control.customers(),
      ]);
      return {
        lexoffice: { documents: ld.length, customers: lc.length },
        sevdesk: { documents: sd.length, customers: sc.length },
      };
    },
    async close() {
      await Promise.allSettled([lexoffice.close(), sevdesk.close()]);
    },
  };
}
