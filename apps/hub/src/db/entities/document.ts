import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Invoice } from './invoice.js';

/** A file the tenant sent along: the invoice PDF, or the cancellation document. Loaded only when asked for. */
export const DocumentSchema = defineEntity({
  name: 'Document',
  tableName: 'document',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    invoice: () => p.manyToOne(Invoice).deleteRule('cascade'),
    purpose: p.enum(['invoice', 'cancellation']),
    filename: p.string().length(255),
    contentType: p.string().length(100),
    content: p.blob().lazy(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
  uniques: [{ properties: ['invoice', 'purpose'] }],
});

export class Document extends DocumentSchema.class {}
DocumentSchema.setClass(Document);
