import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../caller.js';
import { berlinTimestamp } from '../clock.js';
import { issueList, regularError } from '../http-errors.js';
import type { LexofficeState } from '../state.js';
import { findVoucher } from './vouchers.js';

/** 5 MB per file (notes §8.3). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** File types by content, not by the claimed type or name: pdf, jpg, png (xml only with E-Rechnung enabled). */
function detectType(bytes: Buffer): 'pdf' | 'png' | 'jpg' | 'xml' | undefined {
  if (bytes.subarray(0, 4).toString('latin1') === '%PDF') return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (/^\s*<(\?xml|[A-Za-z])/.test(bytes.subarray(0, 64).toString('utf8'))) return 'xml';
  return undefined;
}

export interface FileRouteOptions {
  state: LexofficeState;
  /** The tenant's "E-Rechnung" setting: without it XML is refused with `inacceptable_file_extension`. */
  eInvoiceEnabled: boolean;
}

/**
 * `POST /v1/vouchers/{id}/files`: one multipart part named `file`, answered 202 (notes §8.3). A file this voucher
 * already has (same checksum) answers its existing id and is dropped. UNCERTAIN: lexoffice's dedupe across
 * vouchers ("each file can be assigned to only one voucher"); here a copy on another voucher is a new file.
 */
export async function fileRoutes(app: FastifyInstance, opts: FileRouteOptions): Promise<void> {
  const { state } = opts;
  app.post('/vouchers/:id/files', async (request, reply) => {
    requireScope(request, 'vouchers.write', 'files.write');
    const voucher = findVoucher(state, request);
    if (!request.isMultipart()) throw regularError(415, request.url.split('?')[0] ?? request.url, 'multipart/form-data expected');
    let file: { bytes: Buffer; filename: string } | undefined;
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !file) file = { bytes, filename: part.filename };
      }
    }
    // lexoffice answers a missing file part with 500 on /v1/files (notes §14.6); on this endpoint a 406 is kinder
    // and as likely. UNCERTAIN.
    if (!file || file.bytes.length === 0) throw issueList(406, [{ i18nKey: 'missing_entity', source: 'file' }]);
    const type = detectType(file.bytes);
    if (type === 'xml' && !opts.eInvoiceEnabled) throw issueList(406, [{ i18nKey: 'inacceptable_file_extension', source: 'file', args: ['xml'] }]);
    if (!type) throw issueList(406, [{ i18nKey: 'inacceptable_file_extension', source: 'file' }]);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const existing = voucher.files.map((id) => state.files.get(id)).find((f) => f?.sha256 === sha256);
    if (existing) return reply.code(202).send({ id: existing.id });
    const stored = { id: randomUUID(), voucherId: voucher.id, filename: file.filename, contentType: type, size: file.bytes.length, sha256 };
    state.files.set(stored.id, stored);
    voucher.files.push(stored.id);
    // An upload changes the voucher's version (notes §4).
    voucher.version += 1;
    voucher.updatedDate = berlinTimestamp(new Date());
    return reply.code(202).send({ id: stored.id });
  });
}
