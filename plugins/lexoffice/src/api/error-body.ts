/**
 * lexoffice answers errors in two shapes (notes §3): the legacy `{"IssueList":[{i18nKey, source, type, args}]}`
 * on contacts, files and vouchers, and the regular `{status, error, message, details:[{violation, field, message}]}`
 * everywhere else; the API gateway adds a third, `{"message": "..."}` (401, 403, 504). This reads any of them
 * into one list of issues.
 */

export interface LexIssue {
  /** The machine-readable code: the IssueList's i18nKey or the details' violation. */
  key: string | undefined;
  /** lexoffice's field path (`company.vatRegistrationId`, `lineItems[0].unitPrice.taxRatePercentage`). */
  providerField: string | undefined;
  /** German and unfit for tenants (notes §3.3), kept for the call log only. */
  message: string | undefined;
  args: unknown;
}

export interface LexErrorBody {
  shape: 'issue_list' | 'details' | 'gateway' | 'unknown';
  issues: LexIssue[];
  /** The top-level message (regular and gateway shapes). */
  message: string | undefined;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The IssueList under any capitalisation: the docs say `IssueList`, logs in the wild show `issueList`. */
function issueListOf(body: Record<string, unknown>): unknown[] | undefined {
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'issuelist' && Array.isArray(value)) return value;
  }
  return undefined;
}

export function readErrorBody(body: unknown): LexErrorBody {
  const record = asRecord(body);
  if (!record) return { shape: 'unknown', issues: [], message: typeof body === 'string' ? str(body) : undefined };
  const issueList = issueListOf(record);
  if (issueList) {
    const issues = issueList.map((raw) => {
      const i = asRecord(raw) ?? {};
      return { key: str(i.i18nKey), providerField: str(i.source), message: str(i.type), args: i.args };
    });
    return { shape: 'issue_list', issues, message: undefined };
  }
  if (Array.isArray(record.details) || typeof record.status === 'number') {
    const details = Array.isArray(record.details) ? record.details : [];
    const issues = details.map((raw) => {
      const d = asRecord(raw) ?? {};
      return { key: str(d.violation), providerField: str(d.field), message: str(d.message), args: undefined };
    });
    return { shape: 'details', issues, message: str(record.message) };
  }
  if ('message' in record) return { shape: 'gateway', issues: [], message: str(record.message) };
  return { shape: 'unknown', issues: [], message: undefined };
}
