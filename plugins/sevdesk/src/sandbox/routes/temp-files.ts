import { createHash } from 'node:crypto';
import { SevdeskApiError } from '../errors.js';
import { type RouteContext, documented } from '../openapi/route.js';

/** UNCERTAIN: sevdesk documents no size limit for uploads; 10 MB is the hub's own ceiling. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** What sevdesk takes as a voucher file (notes §6.1: PDFs and images; XML e-invoices are accepted unvalidated). */
const SIGNATURES: Record<string, { ext: string; looksRight: (b: Buffer) => boolean }> = {
  'application/pdf': { ext: 'pdf', looksRight: (b) => b.subarray(0, 4).toString('latin1') === '%PDF' },
  'image/png': { ext: 'png', looksRight: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  'image/jpeg': { ext: 'jpg', looksRight: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  'application/xml': { ext: 'xml', looksRight: (b) => b.subarray(0, 64).toString('utf8').trimStart().startsWith('<') },
  'text/xml': { ext: 'xml', looksRight: (b) => b.subarray(0, 64).toString('utf8').trimStart().startsWith('<') },
};

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE';
}

/**
 * `POST /Voucher/Factory/uploadTempFile`: multipart with a part named `file` (the description's media type is
 * "form-data", so this route checks the part itself). Answers the temp file name that saveVoucher references.
 */
export function tempFileRoutes(rc: RouteContext): void {
  const { state } = rc;
  documented(rc, 'POST', '/Voucher/Factory/uploadTempFile', async (request, reply) => {
    if (!request.isMultipart()) throw new SevdeskApiError(400, 'file is required (multipart/form-data with a part named file)');
    const part = await request.file();
    if (part?.fieldname !== 'file') throw new SevdeskApiError(400, 'file is required (multipart/form-data with a part named file)');
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if (isTooLarge(error)) throw new SevdeskApiError(413, `file is larger than ${MAX_UPLOAD_BYTES} bytes`);
      throw error;
    }
    const kind = SIGNATURES[part.mimetype];
    if (!kind) throw new SevdeskApiError(400, `file of type ${part.mimetype} is not supported (PDF, PNG, JPEG, XML)`);
    if (!kind.looksRight(bytes)) throw new SevdeskApiError(400, `file is no ${part.mimetype}`);
    const filename = `${createHash('md5').update(bytes).update(String(state.nextId())).digest('hex')}.${kind.ext}`;
    const contentHash = createHash('sha256').update(bytes).digest('hex');
    state.tempFiles.set(filename, { filename, originalName: part.filename, mimeType: part.mimetype, bytes, contentHash });
    // Shape measured by sevdesk-rs (notes §6.1): a PDF answers mimeType "image/jpg" with originMimeType.
    return reply.code(201).send({
      objects: { pages: 1, mimeType: 'image/jpg', originMimeType: part.mimetype, filename, contentHash, content: [], isEInvoice: false },
    });
  });
}
