export interface ReadResponse {
  headers: Record<string, string>;
  text: string;
  body: unknown;
}

/**
 * Reads the whole response. JSON is parsed when the content type says so; a body that claims JSON but does not
 * parse (a proxy's HTML error page) is kept as text so the connector can still show what came back.
 */
export async function readResponse(res: Response): Promise<ReadResponse> {
  const headers: Record<string, string> = {};
  for (const [name, value] of res.headers) headers[name] = value;
  const text = await res.text();
  return { headers, text, body: parseBody(text, headers['content-type']) };
}

export function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '' || contentType === undefined || !/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
