import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseWire } from '../api-error.js';
import type { ReferenceState } from '../state.js';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** What the tool accepts, recognised by content, not by the claimed type (a renamed .exe is no PDF). */
const SIGNATURES: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 4).toString('latin1') === '%PDF',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
};

function isTooLarge(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE';
}

/** `POST /v1/vouchers/:id/files`: one multipart part named `file` (needs @fastify/multipart registered). */
export function fileRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.post('/v1/vouchers/:id/files', async (request, reply) => {
    const { id } = parseWire(z.strictObject({ id: z.string() }), request.params);
    const voucher = state.documents.get(id);
    if (voucher?.kind !== 'voucher') throw new ApiError(404, 'not_found', `No voucher ${id}`);
    if (!request.isMultipart()) throw new ApiError(415, 'multipart_required', 'Upload the file as multipart/form-data', 'file');
    const part = await request.file();
    if (part?.fieldname !== 'file') throw new ApiError(422, 'file_missing', 'A part named "file" is required', 'file');
    let bytes: Buffer;
    try {
      bytes = await part.toBuffer();
    } catch (error) {
      if (isTooLarge(error)) throw new ApiError(413, 'file_too_large', `Files may be at most ${MAX_FILE_BYTES} bytes`, 'file');
      throw error;
    }
    const signature = SIGNATURES[part.mimetype];
    if (!signature) throw new ApiError(415, 'file_type_unsupported', `Only PDF, PNG and JPEG are accepted, not ${part.mimetype}`, 'file');
    if (!signature(bytes)) throw new ApiError(415, 'file_type_mismatch', `The content is no ${part.mimetype}`, 'file');
    const file = { id: state.nextId('fil'), documentId: id, filename: part.filename, contentType: part.mimetype, bytes };
    state.files.set(file.id, file);
    voucher.files.push(file.id);
    return reply.code(201).send({ id: file.id, filename: file.filename, size: bytes.length });
  });
}
