/**
 * The intake baseline: Fastify 5 with one route that parses the JSON body (Fastify's own parser, the same body
 * the hub gets) and answers 202 like POST /v1/invoices, doing nothing else. Started as its own process, exactly
 * like the hub, so the ratio hub / empty is the hub's own cost on this machine in this run.
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';

const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
app.post('/v1/invoices', async (_request, reply) => reply.code(202).send({ id: randomUUID(), status: 'pending' }));
const url = await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`empty server ready on ${url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void app.close().then(() => process.exit(0)));
