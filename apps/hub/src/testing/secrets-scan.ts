/**
 * The secrets check (issue 7): no token, key or password in plain text anywhere in the hub's database or in its
 * process logs. Test support, not a test: used by apps/hub's standalone check and by the e2e chaos run.
 *
 * The database part dumps every text-like column (text, varchar, char, json, jsonb, bytea, xml and arrays of
 * them) of every table in every schema but PostgreSQL's own (the hub's tables and pg-boss's), found through
 * information_schema, and searches each column's values for every known secret: as it is, base64, base64url,
 * hex and percent-encoded, and for JWT-shaped tokens also their signature part alone. Encrypted credentials
 * (AES-GCM, the SecretBox) pass; a secret that is merely encoded does not.
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';

export interface KnownSecret {
  /** What it is, for the report (never the value): "tenant 3 API key", "lexoffice OAuth refresh token". */
  label: string;
  value: string | Buffer;
}

export interface SecretFinding {
  label: string;
  /** `table.column (row n)` or `log <name> (line n)`. */
  where: string;
  /** Which form of the secret was found: plain, base64, base64url, hex, url-encoded, jwt-signature, raw-bytes. */
  form: string;
}

export interface SecretScanReport {
  findings: SecretFinding[];
  /** Distinct secrets searched (each in several forms). */
  secrets: number;
  forms: number;
  tables: number;
  columns: number;
  /** Values (cells) searched. */
  values: number;
  bytes: number;
  /** The columns searched, `schema.table.column`. */
  columnNames: string[];
}

const TEXT_TYPES = new Set(['text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'xml', 'name', 'citext']);
const TEXT_ARRAY_UDTS = new Set(['_text', '_varchar', '_bpchar', '_json', '_jsonb']);
/** Secrets shorter than this would match by chance. */
const MIN_SECRET_LENGTH = 12;

interface Form {
  label: string;
  form: string;
  needle: string;
}

/** Every form worth searching for: the value, its common encodings, a JWT's signature. */
export function secretForms(secrets: readonly KnownSecret[]): Form[] {
  const forms: Form[] = [];
  const seen = new Set<string>();
  const add = (label: string, form: string, needle: string) => {
    if (needle.length < MIN_SECRET_LENGTH || seen.has(needle)) return;
    seen.add(needle);
    forms.push({ label, form, needle });
  };
  for (const { label, value } of secrets) {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    if (typeof value === 'string') {
      add(label, 'plain', value);
      add(label, 'url-encoded', encodeURIComponent(value));
      const parts = value.split('.');
      if (parts.length === 3 && (parts[2]?.length ?? 0) >= MIN_SECRET_LENGTH) add(label, 'jwt-signature', parts[2]!);
    } else {
      // Raw key bytes, as they would sit in a bytea column (read as latin1).
      add(label, 'raw-bytes', bytes.toString('latin1'));
    }
    add(label, 'base64', bytes.toString('base64').replace(/=+$/, ''));
    add(label, 'base64url', bytes.toString('base64url'));
    add(label, 'hex', bytes.toString('hex'));
  }
  return forms;
}

/** Where each form occurs in one text (which may hold many values, joined by `\u0000`). */
function search(text: string, forms: readonly Form[]): Form[] {
  return forms.filter((f) => text.includes(f.needle));
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * Searches every text-like column of every non-system table for every form of every secret. Answers what it
 * found (label, table, column, row, form) and how much it searched; never the secret itself.
 */
export async function scanDatabaseForSecrets(databaseUrl: string, secrets: readonly KnownSecret[]): Promise<SecretScanReport> {
  const forms = secretForms(secrets);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const report: SecretScanReport = {
    findings: [],
    secrets: secrets.length,
    forms: forms.length,
    tables: 0,
    columns: 0,
    values: 0,
    bytes: 0,
    columnNames: [],
  };
  try {
    const { rows: columns } = await client.query<{ table_schema: string; table_name: string; column_name: string; data_type: string; udt_name: string }>(
      `select c.table_schema, c.table_name, c.column_name, c.data_type, c.udt_name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where t.table_type = 'BASE TABLE'
         and c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg\\_%'
       order by c.table_schema, c.table_name, c.ordinal_position`,
    );
    const byTable = new Map<string, typeof columns>();
    for (const col of columns) {
      const isText = TEXT_TYPES.has(col.data_type) || (col.data_type === 'ARRAY' && TEXT_ARRAY_UDTS.has(col.udt_name));
      if (!isText) continue;
      const key = `${client.escapeIdentifier(col.table_schema)}.${client.escapeIdentifier(col.table_name)}`;
      byTable.set(key, [...(byTable.get(key) ?? []), col]);
    }
    report.tables = byTable.size;
    for (const [table, cols] of byTable) {
      for (const col of cols) {
        const name = `${col.table_schema}.${col.table_name}.${col.column_name}`;
        report.columns += 1;
        report.columnNames.push(name);
        // json/jsonb as PostgreSQL prints them; bytea as bytes (Buffer); arrays as their text form.
        const expr = col.data_type === 'bytea' ? client.escapeIdentifier(col.column_name) : `${client.escapeIdentifier(col.column_name)}::text`;
        const { rows } = await client.query<{ v: unknown }>(`select ${expr} as v from ${table}`);
        const texts = rows.map((r) => cellText(r.v));
        report.values += texts.length;
        for (const t of texts) report.bytes += t.length;
        // One pass per column over all its values; only on a hit, find the rows.
        const hits = search(texts.join('\u0000'), forms);
        for (const form of hits) {
          texts.forEach((t, i) => {
            if (t.includes(form.needle)) report.findings.push({ label: form.label, where: `${name} (row ${i + 1})`, form: form.form });
          });
        }
      }
    }
  } finally {
    await client.end();
  }
  return report;
}

/** Searches log text (pino JSON lines or anything else) for every form of every secret. */
export function scanTextForSecrets(text: string, where: string, secrets: readonly KnownSecret[]): SecretFinding[] {
  const forms = secretForms(secrets);
  const findings: SecretFinding[] = [];
  const hits = search(text, forms);
  if (hits.length === 0) return findings;
  const lines = text.split('\n');
  for (const form of hits) {
    lines.forEach((line, i) => {
      if (line.includes(form.needle)) findings.push({ label: form.label, where: `${where} (line ${i + 1})`, form: form.form });
    });
  }
  return findings;
}

/** `scanTextForSecrets` over log files (e.g. the hub processes' complete output). */
export async function scanLogFilesForSecrets(files: readonly { name: string; path: string }[], secrets: readonly KnownSecret[]): Promise<{ findings: SecretFinding[]; bytes: number }> {
  const findings: SecretFinding[] = [];
  let bytes = 0;
  for (const file of files) {
    const text = await readFile(file.path, 'utf8');
    bytes += text.length;
    findings.push(...scanTextForSecrets(text, `log ${file.name}`, secrets));
  }
  return { findings, bytes };
}

/** One line per finding, for an assertion message. */
export function describeFindings(findings: readonly SecretFinding[]): string {
  return findings.map((f) => `${f.label} (${f.form}) in ${f.where}`).join('\n');
}
