import { z } from 'zod';
import { requiredText } from './primitives.js';

/** 10 MiB of file, which is 13,981,016 base64 characters. Tools cap lower (lexoffice: 5 MB). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const documentContentType = z.enum(['application/pdf', 'image/png', 'image/jpeg', 'application/xml', 'text/xml'], {
  error: 'contentType must be application/pdf, image/png, image/jpeg or application/xml',
});

/** A file the tenant sends along (its invoice PDF, the cancellation document). */
export const documentFile = z
  .strictObject({
    filename: requiredText(255).regex(/^[^/\\]+$/, 'a file name, without folders'),
    contentType: documentContentType,
    contentBase64: z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_BASE64_CHARS, `the file may be at most ${MAX_DOCUMENT_BYTES} bytes`)
      .regex(BASE64, 'not valid base64')
      .refine((s) => s.length % 4 === 0, 'not valid base64 (length is not a multiple of 4)'),
  })
  .superRefine((doc, ctx) => {
    // Only look inside content that is base64 at all; otherwise the issue above says everything.
    const isBase64 = doc.contentBase64.length > 0 && doc.contentBase64.length % 4 === 0 && BASE64.test(doc.contentBase64);
    if (doc.contentType === 'application/pdf' && isBase64) {
      const head = Buffer.from(doc.contentBase64.slice(0, 8), 'base64').toString('latin1');
      if (!head.startsWith('%PDF')) {
        ctx.addIssue({ code: 'custom', path: ['contentBase64'], message: 'contentType says PDF but the content is no PDF' });
      }
    }
  });
export type DocumentFile = z.infer<typeof documentFile>;

export function documentBytes(doc: DocumentFile): Buffer {
  return Buffer.from(doc.contentBase64, 'base64');
}
