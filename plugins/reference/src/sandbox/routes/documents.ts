import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError, parseWire } from '../api-error.js';
import type { ReferenceState } from '../state.js';
import { documentQuery } from '../wire.js';

/** The search a connector settles uncertain outcomes with: by number (the tool's or the tenant's) and by reference. */
export function documentRoutes(app: FastifyInstance, state: ReferenceState): void {
  app.get('/v1/documents', async (request) => {
    const q = parseWire(documentQuery, request.query);
    const items = [...state.documents.values()].filter(
      (d) =>
        (q.kind === undefined || d.kind === q.kind) &&
        (q.number === undefined || d.number === q.number || d.externalNumber === q.number) &&
        (q.reference === undefined || d.reference === q.reference),
    );
    return { items };
  });

  app.get('/v1/documents/:id', async (request) => {
    const { id } = parseWire(z.strictObject({ id: z.string() }), request.params);
    const doc = state.documents.get(id);
    if (!doc) throw new ApiError(404, 'not_found', `No document ${id}`);
    return doc;
  });
}
