import type { CallLogRow } from './hub-client.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * "METHOD /path" of a call-log row with the query cut off and ids (UUIDs as lexoffice's, numbers as sevdesk's)
 * shown as {id}, to compare call sequences across runs.
 */
export function callName(row: Pick<CallLogRow, 'method' | 'path'>): string {
  const path = (row.path.split('?')[0] ?? row.path).replace(UUID, '{id}').replace(/\/\d+(?=\/|$)/g, '/{id}');
  return `${row.method} ${path}`;
}

/** The rows' call names, in order. */
export const callNames = (rows: Pick<CallLogRow, 'method' | 'path'>[]) => rows.map(callName);
