import { z } from 'zod';

/** What an OAuth connection keeps sealed in `connection.secret` (context: the connection id). */
export const oauthTokens = z.object({
  accessToken: z.string().min(1),
  /** Null when the provider hands out none (then the tenant authorizes again when the access token expires). */
  refreshToken: z.string().min(1).nullable(),
  /** ISO timestamp; null when the provider did not say (refresh only after a refusal then). */
  expiresAt: z.string().nullable(),
});
export type OAuthTokens = z.infer<typeof oauthTokens>;

/**
 * Every string inside a decrypted secret (API key, tokens, passwords of any credential shape), for the HTTP
 * client to scrub from the call log wherever a tool echoes one back.
 */
export function secretStrings(value: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) Object.values(node).forEach(walk);
  };
  walk(value);
  return out;
}
